// The merchant dashboard on {store}.{APP_DOMAIN}.
import { createBrowserRouter, Outlet, RouterProvider, type RouteObject } from 'react-router';
import { AppProviders } from '@/components/app-providers';
import { ComingSoonPage } from '@/components/coming-soon-page';
import { NotFoundPage } from '@/components/not-found-page';
import { createQueryClient } from '@/lib/query-client';
import { ApiKeysPage } from '@/features/api-keys/components/api-keys-page';
import { LoginPage } from '@/features/auth/components/login-page';
import { HomePage } from '@/features/home/components/home-page';
import { AcceptInvitationPage } from '@/features/team/components/accept-invitation-page';
import { TeamPage } from '@/features/team/components/team-page';
import { DashboardShell } from './dashboard-shell';
import { NAV_ITEMS } from './nav-items';
import { RequireSession } from './require-session';
import { SettingsPage } from './settings-page';

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
      ...NAV_ITEMS.flatMap(({ to, label, icon: Icon, comingSoon }) =>
        comingSoon
          ? [
              {
                path: to,
                element: (
                  <ComingSoonPage
                    title={label}
                    icon={<Icon size={26} aria-hidden />}
                    summary={comingSoon.summary}
                    highlights={comingSoon.highlights}
                  />
                ),
              },
            ]
          : [],
      ),
      {
        path: 'settings',
        element: <Outlet />,
        children: [
          { index: true, element: <SettingsPage /> },
          { path: 'team', element: <TeamPage /> },
          { path: 'api-keys', element: <ApiKeysPage /> },
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
