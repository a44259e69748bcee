// The support console's navigation.
import { IconBuildingStore, IconHistory, IconTruckDelivery } from '@tabler/icons-react';
import type { ComponentType } from 'react';

export interface SupportNavItem {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
}

export const SUPPORT_NAV_ITEMS: SupportNavItem[] = [
  { label: 'Stores', to: '/tenants', icon: IconBuildingStore },
  { label: 'Deliveries', to: '/deliveries', icon: IconTruckDelivery },
  { label: 'Audit log', to: '/audit-log', icon: IconHistory },
];
