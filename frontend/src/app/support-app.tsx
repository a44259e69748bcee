// support.{APP_DOMAIN}: the staff console (its own chunk, its own router and session).
import { createBrowserRouter, RouterProvider } from 'react-router';
import { AppProviders } from '@/components/app-providers';
import { createQueryClient } from '@/lib/query-client';
import { trackStaffSession } from '@/features/support/api/session';
import { supportRoutes } from './support/support-routes';

const queryClient = createQueryClient({ trackSession: false });
trackStaffSession(queryClient);
const router = createBrowserRouter(supportRoutes);

export default function SupportApp() {
  return (
    <AppProviders queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
