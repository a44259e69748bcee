// The statuses of a delivery in the order it moves through them, spelled exactly as the API and
// merchants' Klaviyo templates spell them. No React or Mantine here: main.tsx reads it (through
// the deliveries list request) before any screen's code has loaded.
import type { DeliveryStatus } from '@/lib/api/types';

export const DELIVERY_STATUSES: DeliveryStatus[] = [
  'Processing',
  'Pending Review',
  'Approved',
  'Downloaded',
  'Blocked',
  'Expired',
  'Revoked',
];
