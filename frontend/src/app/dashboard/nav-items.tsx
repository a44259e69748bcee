// The dashboard's navigation, and what the screens that are not built yet will hold.
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
  comingSoon?: { summary: string; highlights: string[] };
  children?: { label: string; to: string; minRole?: Role }[];
}

export const NAV_ITEMS: NavItem[] = [
  { label: 'Home', to: '/', icon: IconHome },
  {
    label: 'Bundles',
    to: '/bundles',
    icon: IconPackage,
    comingSoon: {
      summary: 'Bundles are the files you sell, delivered together, each with its own webhook.',
      highlights: [
        'Upload files straight to secure storage, with progress bars',
        'Set link lifetime, download limits and unique-IP limits per bundle',
        'Reorder files, and switch bundles on and off',
      ],
    },
  },
  {
    label: 'Deliveries',
    to: '/deliveries',
    icon: IconTruckDelivery,
    comingSoon: {
      summary: 'Every webhook call from Klaviyo becomes a delivery you can follow and act on.',
      highlights: [
        'Search by customer email; filter by status, bundle and date',
        'See the fraud score, its signals, every download and the event log',
        'Approve, block, resend, extend, revoke or reset downloads',
      ],
    },
  },
  {
    label: 'Customers',
    to: '/customers',
    icon: IconUsers,
    comingSoon: {
      summary: 'Everyone who received files from your store, built from your Klaviyo webhooks.',
      highlights: [
        'Names, emails and Klaviyo profiles',
        'Each customer’s deliveries and downloads',
      ],
    },
  },
  {
    label: 'Analytics',
    to: '/analytics',
    icon: IconChartBar,
    comingSoon: {
      summary: 'How your deliveries perform over time.',
      highlights: [
        'Deliveries and downloads per day',
        'Fraud rate and time to first download',
        'Your top bundles',
      ],
    },
  },
  {
    label: 'Settings',
    to: '/settings',
    icon: IconSettings,
    children: [
      { label: 'Team', to: '/settings/team' },
      { label: 'API keys', to: '/settings/api-keys', minRole: 'admin' },
    ],
  },
];
