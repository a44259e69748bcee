// The support console's screens: sign-in outside the gate; the store list with the console; detail
// pages, delivery search and the audit log in chunks of their own, loaded when first opened.
import type { ComponentType } from 'react';
import { Navigate, type RouteObject } from 'react-router';
import { NotFoundPage } from '@/components/not-found-page';
import { SignInPage } from '@/features/support/components/sign-in-page';
import { TenantsPage } from '@/features/support/components/tenants-page';
import { RequireStaff } from './require-staff';
import { SupportShell } from './support-shell';

async function screen<Name extends string>(
  module: Promise<Record<Name, ComponentType>>,
  name: Name,
): Promise<{ Component: ComponentType }> {
  return { Component: (await module)[name] };
}

export const supportRoutes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage /> },
  {
    element: (
      <RequireStaff>
        <SupportShell />
      </RequireStaff>
    ),
    children: [
      { index: true, element: <Navigate to="/tenants" replace /> },
      { path: 'tenants', element: <TenantsPage /> },
      {
        path: 'tenants/:tenantId',
        lazy: () =>
          screen(import('@/features/support/components/tenant-detail-page'), 'TenantDetailPage'),
      },
      {
        path: 'deliveries',
        lazy: () =>
          screen(
            import('@/features/support/components/delivery-search-page'),
            'DeliverySearchPage',
          ),
      },
      {
        path: 'deliveries/:deliveryId',
        lazy: () =>
          screen(
            import('@/features/support/components/delivery-detail-page'),
            'DeliveryDetailPage',
          ),
      },
      {
        path: 'audit-log',
        lazy: () => screen(import('@/features/support/components/audit-log-page'), 'AuditLogPage'),
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
];
