// Settings > Webhook configuration: what to paste into Klaviyo (URL per bundle, header, secret,
// body template), the secret's Reveal / Copy / Rotate, and Send Test.
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Grid,
  Group,
  List,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconCircleCheck,
  IconEye,
  IconInfoCircle,
  IconLock,
  IconRotateClockwise,
  IconSend,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '@/components/copy-button';
import { CopyField } from '@/components/copy-field';
import { PageHeader } from '@/components/page-header';
import { EmptyBlock, ErrorState, LoadingState } from '@/components/query-states';
import { errorMessage } from '@/lib/api/errors';
import type { WebhookSettings } from '@/lib/api/types';
import { formatDateTime, isPast } from '@/lib/format';
import { applyApiErrors } from '@/lib/forms';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { bundleOptionsQuery } from '@/lib/shared-queries';
import { useRevealSecret, useRotateSecret, useSendTest, useWebhookSettings } from '../api/webhooks';

function EndpointsCard({ settings }: { settings: WebhookSettings }) {
  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Endpoints
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        One URL per bundle. The flow’s Webhook action POSTs to the URL of the bundle it delivers.
      </Text>
      {settings.endpoints.length === 0 ? (
        <EmptyBlock
          icon={<IconInfoCircle size={26} aria-hidden />}
          title="No bundles yet"
          description="Each bundle gets its own webhook URL when you create it."
          action={
            <Button component={Link} to="/bundles" variant="light">
              Go to bundles
            </Button>
          }
        />
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table aria-label="Webhook endpoints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={160}>Bundle</Table.Th>
                <Table.Th>URL</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {settings.endpoints.map((endpoint) => (
                <Table.Tr key={endpoint.bundle_id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/bundles/${endpoint.bundle_id}`} fz="sm" fw={600}>
                      {endpoint.bundle_name}
                    </Anchor>
                    {!endpoint.active && (
                      <Badge ml="xs" size="xs" color="gray" variant="light" radius="sm">
                        Inactive
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6} wrap="nowrap">
                      <Code style={{ wordBreak: 'break-all' }}>{endpoint.url}</Code>
                      <CopyButton
                        value={endpoint.url}
                        label={`webhook URL of ${endpoint.bundle_name}`}
                      />
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Card>
  );
}

function SecretCard({ settings, canManage }: { settings: WebhookSettings; canManage: boolean }) {
  const reveal = useRevealSecret();
  const rotate = useRotateSecret();
  const [secret, setSecret] = useState<string | null>(null);

  const onReveal = () => {
    reveal.mutate(undefined, {
      onSuccess: (body) => {
        setSecret(body.secret);
      },
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Secret not revealed',
          message: errorMessage(error),
        }),
    });
  };

  const confirmRotate = () => {
    modals.openConfirmModal({
      title: 'Rotate the webhook secret?',
      children: (
        <Stack gap="xs">
          <Text fz="sm">
            Alva creates a new secret. The current one keeps working for <b>24 hours</b>, so your
            flows keep delivering while you paste the new secret into each Klaviyo Webhook action.
          </Text>
          <Text fz="sm" c="dimmed">
            After 24 hours, calls with the old secret are refused with 401.
          </Text>
        </Stack>
      ),
      labels: { confirm: 'Rotate secret', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        rotate.mutate(undefined, {
          onSuccess: (body) => {
            setSecret(body.secret);
            notifications.show({
              color: 'teal',
              title: 'New secret created',
              message: `The previous secret works until ${formatDateTime(body.previous_secret_valid_until)}.`,
            });
          },
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Secret not rotated',
              message: errorMessage(error),
            }),
        });
      },
    });
  };

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Header and secret
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        Every call must carry the store’s secret in this header. It is the same for all bundles.
      </Text>
      <Stack gap="md">
        <CopyField label="Header name" value={settings.header} monospace />
        {secret ? (
          <CopyField label="Webhook secret" value={secret} monospace />
        ) : (
          <TextInput
            label="Webhook secret"
            value={`••••••••••••••••${settings.secret_hint}`}
            readOnly
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            description={
              canManage
                ? 'Hidden. Reveal it to copy it; every reveal is recorded.'
                : 'Admins can reveal the secret.'
            }
            rightSectionWidth={canManage ? 96 : undefined}
            rightSection={
              canManage ? (
                <Button
                  size="compact-sm"
                  variant="light"
                  leftSection={<IconEye size={14} aria-hidden />}
                  loading={reveal.isPending}
                  onClick={onReveal}
                >
                  Reveal
                </Button>
              ) : (
                <IconLock size={16} aria-hidden />
              )
            }
          />
        )}
        {settings.previous_secret_valid_until && !isPast(settings.previous_secret_valid_until) && (
          <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} aria-hidden />}>
            The previous secret still works until{' '}
            {formatDateTime(settings.previous_secret_valid_until)}. Update your Klaviyo flows before
            then.
          </Alert>
        )}
        {canManage && (
          <Group>
            <Button
              variant="default"
              color="red"
              leftSection={<IconRotateClockwise size={16} aria-hidden />}
              loading={rotate.isPending}
              onClick={confirmRotate}
            >
              Rotate secret
            </Button>
          </Group>
        )}
        <Text fz="xs" c="dimmed">
          Up to {settings.rate_limit_per_second} calls per second; Klaviyo retries anything above
          that automatically.
        </Text>
      </Stack>
    </Card>
  );
}

function BodyTemplateCard({ settings }: { settings: WebhookSettings }) {
  return (
    <Card>
      <Group justify="space-between" mb={4}>
        <Title order={2} fz="lg">
          Body template
        </Title>
        <CopyButton value={settings.body_template} label="body template" withText />
      </Group>
      <Text fz="sm" c="dimmed" mb="md">
        Paste it as the Webhook action’s JSON body. Only <Code>email</Code> is required; a stable{' '}
        <Code>order_id</Code> makes Klaviyo’s retries count as one delivery.
      </Text>
      <Code block fz="sm" aria-label="Body template">
        {settings.body_template}
      </Code>
    </Card>
  );
}

function InstructionsCard({ header }: { header: string }) {
  const steps = [
    <>
      In Klaviyo, open <b>Flows</b> and the flow that should deliver (for example{' '}
      <i>Placed Order</i>
      ), then add a <b>Webhook</b> action.
    </>,
    <>
      <b>URL</b>: the webhook URL of the bundle this flow delivers.
    </>,
    <>
      <b>Headers</b>: add <Code>{header}</Code> with your webhook secret (Reveal, then Copy).
    </>,
    <>
      <b>Body</b>: paste the body template.
    </>,
    <>
      Create a second flow triggered by the metric <b>Alva Download Ready</b> that emails{' '}
      <Code>{'{{ event.DownloadPageURL }}'}</Code> to the customer.
    </>,
    <>Send a test below and watch it arrive under Deliveries.</>,
  ];
  return (
    <Card>
      <Title order={2} fz="lg" mb="md">
        Set it up in Klaviyo
      </Title>
      <List type="ordered" spacing="sm" size="sm">
        {steps.map((step, index) => (
          <List.Item key={index}>{step}</List.Item>
        ))}
      </List>
    </Card>
  );
}

function SendTestCard() {
  const send = useSendTest();
  const bundles = useQuery(bundleOptionsQuery);
  const session = useSession();
  const [formError, setFormError] = useState<string | null>(null);
  const [sent, setSent] = useState<{ id: string; email: string } | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: session.user.email, bundle_id: null as string | null },
    validate: {
      email: (value) =>
        /^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter a valid email address.',
    },
  });
  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    setSent(null);
    const email = values.email.trim();
    send.mutate(
      { email, bundle_id: values.bundle_id },
      {
        onSuccess: (body) => {
          setSent({ id: body.delivery_id, email });
        },
        onError: (error) => {
          setFormError(applyApiErrors(form, error));
        },
      },
    );
  });
  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        Send a test
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        Runs a delivery marked <i>test</i> through the whole pipeline: fraud check, download link
        and the Alva Download Ready event. If your email flow is live, the email arrives.
      </Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
              {formError}
            </Alert>
          )}
          <TextInput
            label="Send to"
            type="email"
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <Select
            label="Bundle"
            placeholder="First active bundle"
            data={bundles.data ?? []}
            clearable
            key={form.key('bundle_id')}
            {...form.getInputProps('bundle_id')}
          />
          <Group>
            <Button
              type="submit"
              leftSection={<IconSend size={16} aria-hidden />}
              loading={send.isPending}
            >
              Send test
            </Button>
          </Group>
          {sent && (
            <Alert
              color="teal"
              variant="light"
              icon={<IconCircleCheck size={18} aria-hidden />}
              title="Test delivery accepted"
            >
              A test delivery to {sent.email} is on its way.{' '}
              <Anchor component={Link} to={`/deliveries?delivery=${sent.id}`} fz="sm">
                Open the delivery
              </Anchor>
            </Alert>
          )}
        </Stack>
      </form>
    </Card>
  );
}

export function WebhookSettingsPage() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const settings = useWebhookSettings();
  return (
    <>
      <PageHeader
        title="Webhook configuration"
        description="What a Klaviyo flow needs to call Alva: a bundle’s URL, the secret header and the body."
        actions={
          <Button component={Link} to="/settings/webhook-log" variant="default">
            Webhook log
          </Button>
        }
      />
      {settings.isPending ? (
        <LoadingState label="Loading webhook configuration…" />
      ) : settings.isError ? (
        <ErrorState
          title="Could not load the webhook configuration"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, lg: 7 }}>
            <Stack gap="xl">
              <EndpointsCard settings={settings.data} />
              <SecretCard settings={settings.data} canManage={canManage} />
              <BodyTemplateCard settings={settings.data} />
            </Stack>
          </Grid.Col>
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <Stack gap="xl">
              <InstructionsCard header={settings.data.header} />
              {canManage ? (
                <SendTestCard />
              ) : (
                <Card>
                  <Group gap="sm" wrap="nowrap">
                    <ThemeIcon variant="light" color="gray">
                      <IconLock size={16} aria-hidden />
                    </ThemeIcon>
                    <Text fz="sm" c="dimmed">
                      Admins can reveal and rotate the secret and send tests.
                    </Text>
                  </Group>
                </Card>
              )}
            </Stack>
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
