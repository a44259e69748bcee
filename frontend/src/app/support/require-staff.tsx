// The support console's gate: `GET /auth/me` decides between the screens and the sign-in page.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { RedirectToSignIn, SessionCheckFailed, SessionChecking } from '@/components/session-gate';
import { StaffSessionContext, staffSessionQuery } from '@/features/support/api/session';

export function RequireStaff({ children }: { children: ReactNode }) {
  const session = useQuery(staffSessionQuery);

  if (session.isPending) return <SessionChecking label="Opening the support console…" />;
  if (session.isError) {
    return (
      <SessionCheckFailed
        title="Could not open the support console"
        error={session.error}
        onRetry={() => void session.refetch()}
        signIn={{ href: '/sign-in', label: 'Go to sign-in' }}
      />
    );
  }
  if (!session.data) return <RedirectToSignIn to="/sign-in" />;
  return <StaffSessionContext value={session.data}>{children}</StaffSessionContext>;
}
