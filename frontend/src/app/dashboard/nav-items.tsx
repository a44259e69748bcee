// The dashboard's navigation.
import {
  IconChartBar,
  IconHome,
  IconPackage,
  IconSettings,
  IconTruckDelivery,
  IconUsers,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import type { Role } from '@/lib/api/types';

export interface NavItem {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
  /** A live count beside the label. */
  badge?: 'pending-review';
  children?: { label: string; to: string; minRole?: Role }[];
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Home', to: '/', icon: IconHome },
  { label: 'Bundles', to: '/bundles', icon: IconPackage },
  { label: 'Deliveries', to: '/deliveries', icon: IconTruckDelivery, badge: 'pending-review' },
  { label: 'Customers', to: '/customers', icon: IconUsers },
  { label: 'Analytics', to: '/analytics', icon: IconChartBar },
  {
    label: 'Settings',
    to: '/settings',
    icon: IconSettings,
    children: [
      { label: 'Klaviyo', to: '/settings/klaviyo' },
      { label: 'Webhooks', to: '/settings/webhook' },
      { label: 'Webhook log', to: '/settings/webhook-log' },
      { label: 'Fraud protection', to: '/settings/fraud' },
      { label: 'Files', to: '/settings/files' },
      { label: 'Delivery defaults', to: '/settings/delivery-defaults' },
      { label: 'Download page', to: '/settings/store' },
      { label: 'Team', to: '/settings/team' },
      { label: 'API keys', to: '/settings/api-keys', minRole: 'admin' },
      { label: 'Billing', to: '/settings/billing', minRole: 'owner' },
    ],
  },
];
