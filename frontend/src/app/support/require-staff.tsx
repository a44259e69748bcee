// The support console's gate: `GET /auth/me` decides between the screens and the sign-in page.
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from '@/components/query-states';
import { StaffSessionContext, staffSessionQuery } from '@/features/support/api/session';

export function RequireStaff({ children }: { children: ReactNode }) {
  const session = useQuery(staffSessionQuery);
  const location = useLocation();

  if (session.isPending) {
    return (
      <Center mih="100vh" role="status">
        <Stack align="center" gap="xs">
          <Loader />
          <Text c="dimmed" fz="sm">
            Opening the support console…
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
            title="Could not open the support console"
            error={session.error}
            onRetry={() => void session.refetch()}
          />
          <Button variant="subtle" component="a" href="/sign-in">
            Go to sign-in
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!session.data) {
    const here = location.pathname + location.search;
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/sign-in${next}`} replace />;
  }
  return <StaffSessionContext value={session.data}>{children}</StaffSessionContext>;
}
