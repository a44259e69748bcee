// app.{APP_DOMAIN}: self-serve sign-up.
import { AppProviders } from '@/components/app-providers';
import { createQueryClient } from '@/lib/query-client';
import { SignupPage } from '@/features/signup/components/signup-page';

const queryClient = createQueryClient({ trackSession: false });

export default function SignupApp({ appDomain }: { appDomain: string }) {
  return (
    <AppProviders queryClient={queryClient}>
      <SignupPage appDomain={appDomain} />
    </AppProviders>
  );
}
