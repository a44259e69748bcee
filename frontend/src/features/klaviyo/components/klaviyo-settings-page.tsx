// Settings > Klaviyo: which account Alva sends events to, its health, and connecting it (OAuth
// preferred, a private API key as the alternative) or disconnecting it.
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Divider,
  Grid,
  Group,
  List,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconAlertTriangle,
  IconCircleCheck,
  IconClockPause,
  IconExternalLink,
  IconInfoCircle,
  IconPlugConnected,
  IconPlugConnectedX,
} from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { PasswordField } from '@/components/password-field';
import { ErrorState, LoadingState } from '@/components/query-states';
import { errorMessage } from '@/lib/api/errors';
import type { KlaviyoConnection, KlaviyoHealth } from '@/lib/api/types';
import { redirectTo } from '@/lib/browser';
import { formatDateTime, formatNumber } from '@/lib/format';
import { applyApiErrors } from '@/lib/forms';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import {
  useConnectApiKey,
  useDisconnect,
  useKlaviyoConnection,
  useOAuthStart,
} from '../api/klaviyo';

const HEALTH: Record<KlaviyoHealth, { label: string; color: string; text: string }> = {
  connected: {
    label: 'Connected',
    color: 'teal',
    text: 'Alva sends delivery events to this account.',
  },
  failing: {
    label: 'Failing',
    color: 'orange',
    text: 'The last call to Klaviyo failed. Alva keeps retrying; events are not lost.',
  },
  revoked: {
    label: 'Revoked',
    color: 'red',
    text: 'Klaviyo refused Alva’s credentials. Events wait until you connect again.',
  },
  disconnected: {
    label: 'Not connected',
    color: 'gray',
    text: 'Deliveries are still accepted; their events wait until you connect an account.',
  },
};

const OAUTH_ERRORS: Record<string, string> = {
  access_denied: 'Access was declined in Klaviyo.',
  invalid_state: 'This connection attempt expired. Start again.',
  invalid_request: 'Klaviyo sent no authorization code. Start again.',
  token_exchange_failed: 'Klaviyo refused the authorization. Start again.',
  klaviyo_unavailable: 'Klaviyo could not be reached. Try again in a moment.',
  account_unavailable: 'Alva could not read the Klaviyo account. Try again.',
  unavailable: 'Alva could not finish connecting right now. Try again.',
};

/** The OAuth round trip ends on ?connected=1 or ?error=<code>: say how it went, once. */
function useOAuthOutcome() {
  const [params, setParams] = useSearchParams();
  const connected = params.get('connected');
  const error = params.get('error');
  useEffect(() => {
    if (!connected && !error) return;
    if (connected) {
      notifications.show({
        color: 'teal',
        title: 'Klaviyo connected',
        message: 'Alva can now send your delivery events.',
      });
    } else if (error) {
      notifications.show({
        color: 'red',
        title: 'Klaviyo was not connected',
        message: OAUTH_ERRORS[error] ?? `Klaviyo answered “${error}”. Try again.`,
        autoClose: 12_000,
      });
    }
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('connected');
        next.delete('error');
        return next;
      },
      { replace: true },
    );
  }, [connected, error, setParams]);
}

function StatusCard({
  connection,
  canManage,
}: {
  connection: KlaviyoConnection;
  canManage: boolean;
}) {
  const disconnect = useDisconnect();
  const health = HEALTH[connection.health];
  const confirmDisconnect = () => {
    modals.openConfirmModal({
      title: 'Disconnect Klaviyo?',
      children: (
        <Text fz="sm">
          Alva stops sending events to {connection.account?.name ?? 'this account'}. Deliveries are
          still accepted, but no Download Ready email goes out until you connect again.
        </Text>
      ),
      labels: { confirm: 'Disconnect', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        disconnect.mutate(undefined, {
          onSuccess: () => notifications.show({ color: 'teal', message: 'Klaviyo disconnected.' }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Not disconnected',
              message: errorMessage(error),
            }),
        });
      },
    });
  };
  return (
    <Card>
      <Group justify="space-between" align="flex-start" mb="md">
        <Group gap="md" wrap="nowrap">
          <ThemeIcon size={44} radius="md" variant="light" color={health.color}>
            {connection.health === 'disconnected' ? (
              <IconPlugConnectedX size={22} aria-hidden />
            ) : (
              <IconPlugConnected size={22} aria-hidden />
            )}
          </ThemeIcon>
          <div>
            <Group gap="xs">
              <Title order={2} fz="lg">
                {connection.account ? connection.account.name : 'No account connected'}
              </Title>
              <Badge color={health.color} variant="light" radius="sm" data-testid="klaviyo-health">
                {health.label}
              </Badge>
            </Group>
            <Text fz="sm" c="dimmed">
              {health.text}
            </Text>
          </div>
        </Group>
        {canManage && connection.mode && (
          <Button
            variant="default"
            color="red"
            loading={disconnect.isPending}
            onClick={confirmDisconnect}
          >
            Disconnect
          </Button>
        )}
      </Group>
      {connection.mode && (
        <Stack gap={6}>
          <Group justify="space-between">
            <Text fz="sm" c="dimmed">
              Account id
            </Text>
            <Code>{connection.account?.id}</Code>
          </Group>
          <Group justify="space-between">
            <Text fz="sm" c="dimmed">
              Connected with
            </Text>
            <Text fz="sm">{connection.mode === 'oauth' ? 'OAuth' : 'Private API key'}</Text>
          </Group>
          {connection.connected_at && (
            <Group justify="space-between">
              <Text fz="sm" c="dimmed">
                Since
              </Text>
              <Text fz="sm">{formatDateTime(connection.connected_at)}</Text>
            </Group>
          )}
          {connection.scopes.length > 0 && (
            <Group justify="space-between" align="flex-start">
              <Text fz="sm" c="dimmed">
                Scopes
              </Text>
              <Group gap={4} justify="flex-end" maw={360}>
                {connection.scopes.map((scope) => (
                  <Badge key={scope} variant="default" radius="sm" tt="none">
                    {scope}
                  </Badge>
                ))}
              </Group>
            </Group>
          )}
        </Stack>
      )}
      {connection.last_error && connection.health !== 'connected' && (
        <Alert
          mt="md"
          color="orange"
          variant="light"
          icon={<IconAlertTriangle size={18} aria-hidden />}
          title={
            connection.last_error_at
              ? `Last error, ${formatDateTime(connection.last_error_at)}`
              : 'Last error'
          }
        >
          {connection.last_error}
        </Alert>
      )}
      {connection.waiting_events > 0 && (
        <Alert
          mt="md"
          color="yellow"
          variant="light"
          icon={<IconClockPause size={18} aria-hidden />}
        >
          {formatNumber(connection.waiting_events)}{' '}
          {connection.waiting_events === 1 ? 'event is' : 'events are'} waiting to be sent to
          Klaviyo. They go out as soon as the connection works.
        </Alert>
      )}
    </Card>
  );
}

function ConnectCard({ connected }: { connected: boolean }) {
  const start = useOAuthStart();
  const connectKey = useConnectApiKey();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { api_key: '' },
    validate: {
      api_key: (value) => (value.trim() === '' ? 'Paste a Klaviyo private API key.' : null),
    },
  });
  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    connectKey.mutate(values.api_key.trim(), {
      onSuccess: (connection) => {
        form.reset();
        notifications.show({
          color: 'teal',
          title: 'Klaviyo connected',
          message: `Alva now sends events to ${connection.account?.name ?? 'your account'}.`,
        });
      },
      onError: (error) => {
        setFormError(applyApiErrors(form, error));
      },
    });
  });
  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        {connected ? 'Connect another way' : 'Connect Klaviyo'}
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        {connected
          ? 'Connecting again replaces the current connection.'
          : 'Alva sends your customers’ delivery events to Klaviyo, where your flows email them.'}
      </Text>
      <Button
        leftSection={<IconExternalLink size={16} aria-hidden />}
        loading={start.isPending || start.isSuccess}
        onClick={() => {
          start.mutate(undefined, {
            onSuccess: (body) => {
              redirectTo(body.authorize_url);
            },
            onError: (error) =>
              notifications.show({
                color: 'red',
                title: 'Could not start connecting',
                message: errorMessage(error),
              }),
          });
        }}
      >
        Connect with Klaviyo
      </Button>
      <Text fz="xs" c="dimmed" mt={6}>
        Recommended: you approve access in Klaviyo and come back here.
      </Text>
      <Divider my="lg" label="or use a private API key" labelPosition="center" />
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
              {formError}
            </Alert>
          )}
          <PasswordField
            label="Private API key"
            description="Klaviyo → Settings → API keys → Create Private API Key, with Events: write and Accounts: read."
            placeholder="pk_…"
            autoComplete="off"
            key={form.key('api_key')}
            {...form.getInputProps('api_key')}
          />
          <Group>
            <Button type="submit" variant="light" loading={connectKey.isPending}>
              Connect with API key
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function KlaviyoSettingsPage() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const connection = useKlaviyoConnection();
  useOAuthOutcome();
  return (
    <>
      <PageHeader
        title="Klaviyo"
        description="The Klaviyo account Alva sends delivery events to. Your flows there send the emails."
      />
      {connection.isPending ? (
        <LoadingState label="Loading the Klaviyo connection…" />
      ) : connection.isError ? (
        <ErrorState
          title="Could not load the Klaviyo connection"
          error={connection.error}
          onRetry={() => void connection.refetch()}
        />
      ) : (
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="xl">
              <StatusCard connection={connection.data} canManage={canManage} />
              {canManage ? (
                <ConnectCard connected={connection.data.mode !== null} />
              ) : (
                <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
                  Admins connect and disconnect Klaviyo.
                </Alert>
              )}
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Card>
              <Title order={2} fz="lg" mb="sm">
                Events Alva sends
              </Title>
              <List
                spacing={8}
                size="sm"
                icon={
                  <ThemeIcon size={18} radius="xl" variant="light" color="teal">
                    <IconCircleCheck size={12} aria-hidden />
                  </ThemeIcon>
                }
              >
                <List.Item>
                  <b>Alva Download Ready</b>: the link to email your customer
                </List.Item>
                <List.Item>
                  <b>Alva Delivery Blocked</b>: the fraud check stopped a delivery
                </List.Item>
                <List.Item>
                  <b>Alva Download Completed</b>: each file downloaded
                </List.Item>
                <List.Item>
                  <b>Alva All Files Downloaded</b>: the whole bundle downloaded
                </List.Item>
                <List.Item>
                  <b>Alva Token Expired</b>: a link ran out
                </List.Item>
              </List>
            </Card>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
