// The dashboard's gate: `GET /auth/me` decides between the screens and the login page.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { RedirectToSignIn, SessionCheckFailed, SessionChecking } from '@/components/session-gate';
import { initialSession, SessionContext, sessionEndNotice, sessionQuery } from '@/lib/session';

export function RequireSession({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // The check main.tsx started may have answered already: then the screens render at once.
  const session = useQuery({ ...sessionQuery, initialData: initialSession });

  if (session.isPending) return <SessionChecking label="Loading your store…" />;
  if (session.isError) {
    return (
      <SessionCheckFailed
        title="Could not open your store"
        error={session.error}
        onRetry={() => void session.refetch()}
        signIn={{ href: '/login', label: 'Go to login' }}
      />
    );
  }
  if (!session.data) {
    const notice = sessionEndNotice(queryClient);
    if (notice) return <Navigate to="/login" replace state={{ notice }} />;
    return <RedirectToSignIn to="/login" />;
  }
  return <SessionContext value={session.data}>{children}</SessionContext>;
}
