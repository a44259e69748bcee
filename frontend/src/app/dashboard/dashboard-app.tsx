// The merchant dashboard on {store}.{APP_DOMAIN}.
import type { ComponentType } from 'react';
import { createBrowserRouter, Outlet, RouterProvider, type RouteObject } from 'react-router';
import { AppProviders } from '@/components/app-providers';
import { NotFoundPage } from '@/components/not-found-page';
import { createQueryClient } from '@/lib/query-client';
import { ApiKeysPage } from '@/features/api-keys/components/api-keys-page';
import { LoginPage } from '@/features/auth/components/login-page';
import { HomePage } from '@/features/home/components/home-page';
import { AcceptInvitationPage } from '@/features/team/components/accept-invitation-page';
import { TeamPage } from '@/features/team/components/team-page';
import { DashboardShell } from './dashboard-shell';
import { RequireSession } from './require-session';
import { SettingsPage } from './settings-page';

/**
 * A screen loaded when it is first opened: Home and the team pages come with the dashboard, the
 * rest (uploads, date pickers, charts) in chunks of their own.
 */
async function screen<Name extends string>(
  module: Promise<Record<Name, ComponentType>>,
  name: Name,
): Promise<{ Component: ComponentType }> {
  return { Component: (await module)[name] };
}

export const dashboardRoutes: RouteObject[] = [
  { path: '/login', element: <LoginPage /> },
  { path: '/invite/:token', element: <AcceptInvitationPage /> },
  {
    element: (
      <RequireSession>
        <DashboardShell />
      </RequireSession>
    ),
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'bundles',
        lazy: () => screen(import('@/features/bundles/components/bundles-page'), 'BundlesPage'),
      },
      {
        path: 'bundles/:bundleId',
        lazy: () =>
          screen(import('@/features/bundles/components/bundle-detail-page'), 'BundleDetailPage'),
      },
      {
        path: 'deliveries',
        lazy: () =>
          screen(import('@/features/deliveries/components/deliveries-page'), 'DeliveriesPage'),
      },
      {
        path: 'customers',
        lazy: () =>
          screen(import('@/features/customers/components/customers-page'), 'CustomersPage'),
      },
      {
        path: 'customers/:customerId',
        lazy: () =>
          screen(
            import('@/features/customers/components/customer-detail-page'),
            'CustomerDetailPage',
          ),
      },
      {
        path: 'analytics',
        lazy: () =>
          screen(import('@/features/analytics/components/analytics-page'), 'AnalyticsPage'),
      },
      {
        path: 'settings',
        element: <Outlet />,
        children: [
          { index: true, element: <SettingsPage /> },
          { path: 'team', element: <TeamPage /> },
          {
            path: 'store',
            lazy: () =>
              screen(
                import('@/features/store-settings/components/store-settings-page'),
                'StoreSettingsPage',
              ),
          },
          { path: 'api-keys', element: <ApiKeysPage /> },
          {
            path: 'klaviyo',
            lazy: () =>
              screen(
                import('@/features/klaviyo/components/klaviyo-settings-page'),
                'KlaviyoSettingsPage',
              ),
          },
          {
            path: 'webhook',
            lazy: () =>
              screen(
                import('@/features/webhooks/components/webhook-settings-page'),
                'WebhookSettingsPage',
              ),
          },
          {
            path: 'webhook-log',
            lazy: () =>
              screen(import('@/features/webhooks/components/webhook-log-page'), 'WebhookLogPage'),
          },
          {
            path: 'fraud',
            lazy: () =>
              screen(
                import('@/features/fraud/components/fraud-settings-page'),
                'FraudSettingsPage',
              ),
          },
          {
            path: 'files',
            lazy: () =>
              screen(
                import('@/features/bundles/components/catalog-settings-card'),
                'CatalogSettingsPage',
              ),
          },
          {
            path: 'delivery-defaults',
            lazy: () =>
              screen(
                import('@/features/store-settings/components/delivery-defaults-page'),
                'DeliveryDefaultsPage',
              ),
          },
          {
            path: 'billing',
            lazy: () => screen(import('@/features/billing/components/billing-page'), 'BillingPage'),
          },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];

export default function DashboardApp() {
  const router = createBrowserRouter(dashboardRoutes);
  return (
    <AppProviders queryClient={createQueryClient({ trackSession: true })}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
