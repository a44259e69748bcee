// What an app's session gate shows before its screens (the dashboard's RequireSession, the support
// console's RequireStaff): the check in flight, the check failing, or the way to sign in.
import { Button, Center, Loader, Stack, Text } from '@mantine/core';
import { Navigate, useLocation } from 'react-router';
import { ErrorState } from './query-states';

export function SessionChecking({ label }: { label: string }) {
  return (
    <Center mih="100vh" role="status">
      <Stack align="center" gap="xs">
        <Loader />
        <Text c="dimmed" fz="sm">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function SessionCheckFailed({
  title,
  error,
  onRetry,
  signIn,
}: {
  title: string;
  error: unknown;
  onRetry: () => void;
  /** The sign-in page, offered as the way out when retrying does not help. */
  signIn: { href: string; label: string };
}) {
  return (
    <Center mih="100vh" p="md">
      <Stack maw={440} w="100%">
        <ErrorState title={title} error={error} onRetry={onRetry} />
        <Button variant="subtle" component="a" href={signIn.href}>
          {signIn.label}
        </Button>
      </Stack>
    </Center>
  );
}

/** To the sign-in page, which comes back here (`?next=`) once signed in. */
export function RedirectToSignIn({ to }: { to: string }) {
  const location = useLocation();
  const here = location.pathname + location.search;
  const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
  return <Navigate to={`${to}${next}`} replace />;
}
