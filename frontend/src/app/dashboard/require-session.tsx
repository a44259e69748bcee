// The dashboard's gate: `GET /auth/me` decides between the screens and the login page.
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from '@/components/query-states';
import { initialSession, SessionContext, sessionEndNotice, sessionQuery } from '@/lib/session';

export function RequireSession({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  // The check main.tsx started may have answered already: then the screens render at once.
  const session = useQuery({ ...sessionQuery, initialData: initialSession });
  const location = useLocation();

  if (session.isPending) {
    return (
      <Center mih="100vh" role="status">
        <Stack align="center" gap="xs">
          <Loader />
          <Text c="dimmed" fz="sm">
            Loading your store…
          </Text>
        </Stack>
      </Center>
    );
  }
  if (session.isError) {
    return (
      <Center mih="100vh" p="md">
        <Stack maw={440} w="100%">
          <ErrorState
            title="Could not open your store"
            error={session.error}
            onRetry={() => void session.refetch()}
          />
          <Button variant="subtle" component="a" href="/login">
            Go to login
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) {
    const notice = sessionEndNotice(queryClient);
    if (notice) return <Navigate to="/login" replace state={{ notice }} />;
    const here = location.pathname + location.search;
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  return <SessionContext value={session.data}>{children}</SessionContext>;
}
