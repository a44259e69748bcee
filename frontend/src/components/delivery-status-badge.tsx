// A delivery's status, spelled exactly as the API and merchants' Klaviyo templates spell it.
import { Badge, type MantineColor } from '@mantine/core';
import type { DeliveryStatus } from '@/lib/api/types';

export { DELIVERY_STATUSES } from './delivery-statuses';

export const DELIVERY_STATUS_COLORS: Record<DeliveryStatus, MantineColor> = {
  Processing: 'gray',
  'Pending Review': 'yellow',
  Approved: 'blue',
  Downloaded: 'teal',
  Blocked: 'red',
  Expired: 'orange',
  Revoked: 'grape',
};

export function DeliveryStatusBadge({
  status,
  isTest = false,
}: {
  status: DeliveryStatus;
  isTest?: boolean;
}) {
  return (
    <>
      <Badge variant="light" color={DELIVERY_STATUS_COLORS[status]} radius="sm">
        {status}
      </Badge>
      {isTest && (
        <Badge variant="outline" color="gray" radius="sm" ml={6}>
          Test
        </Badge>
      )}
    </>
  );
}
