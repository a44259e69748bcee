// support.{APP_DOMAIN}: the staff console (its own chunk; the real console comes later).
import { AppProviders } from '@/components/app-providers';
import { createQueryClient } from '@/lib/query-client';
import { SupportConsolePage } from '@/features/support/components/support-console-page';

const queryClient = createQueryClient({ trackSession: false });

export default function SupportApp() {
  return (
    <AppProviders queryClient={queryClient}>
      <SupportConsolePage />
    </AppProviders>
  );
}
