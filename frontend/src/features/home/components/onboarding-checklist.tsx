// The path from a new store to its first delivery (product spec §6). Each step ticks itself from
// the store's real state (see ../api/onboarding.ts for what counts as done).
import {
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Loader,
  Progress,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconCheck,
  IconChevronDown,
  IconConfetti,
  IconMailForward,
  IconPackage,
  IconPlugConnected,
  IconSend,
  IconWebhook,
} from '@tabler/icons-react';
import { useId, type ComponentType, type ReactNode } from 'react';
import { Link } from 'react-router';
import { CopyButton } from '@/components/copy-button';
import type { Role } from '@/lib/api/types';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useOnboardingState, type StepState } from '../api/onboarding';

interface Step {
  title: string;
  description: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  action?: { label: string; to: string; minRole: Role };
}

export const ONBOARDING_STEPS: Step[] = [
  {
    title: 'Connect Klaviyo',
    description: 'Let Alva send delivery events into your Klaviyo account.',
    icon: IconPlugConnected,
    action: { label: 'Connect Klaviyo', to: '/settings/klaviyo', minRole: 'admin' },
  },
  {
    title: 'Create a bundle and upload its files',
    description: 'The files a customer receives together, with download limits you choose.',
    icon: IconPackage,
    action: { label: 'Go to bundles', to: '/bundles', minRole: 'admin' },
  },
  {
    title: 'Add the webhook to a Klaviyo flow',
    description: "Paste the bundle's webhook URL, secret and body template into a Webhook action.",
    icon: IconWebhook,
    action: { label: 'Open webhook setup', to: '/settings/webhook', minRole: 'member' },
  },
  {
    title: 'Create the “Alva Download Ready” email flow',
    description:
      'Triggered by Alva’s event, it emails your customer the download link. Ticks once the first event has reached Klaviyo.',
    icon: IconMailForward,
  },
  {
    title: 'Send a test',
    description: 'Run a test delivery through the whole pipeline to your own inbox.',
    icon: IconSend,
    action: { label: 'Send a test', to: '/settings/webhook', minRole: 'admin' },
  },
];

const VARIABLES: [string, string][] = [
  ['{{ event.DownloadPageURL }}', 'the customer’s own download page'],
  ['{{ event.ProductName }}', 'the bundle’s name'],
  ['{{ event.FileCount }}', 'number of files'],
  ['{{ event.ExpiresAt }}', 'when the link expires (ISO 8601, UTC)'],
  ['{{ event.MaxDownloads }}', 'downloads allowed'],
  ['{{ event.Files }}', 'list of {Name, Type, SizeMB}'],
];

export const EMAIL_SNIPPET = `Your files are ready! Download them here: {{ event.DownloadPageURL }}
You have {{ event.MaxDownloads }} downloads; the link expires on {{ event.ExpiresAt }}.`;

function EmailFlowHelp() {
  const [opened, { toggle }] = useDisclosure(false);
  const panelId = useId();
  return (
    <Stack gap="xs" mt={6}>
      <UnstyledButton
        onClick={toggle}
        aria-expanded={opened}
        aria-controls={panelId}
        fz="sm"
        c="alva.7"
        fw={500}
      >
        <Group gap={4}>
          {opened ? 'Hide' : 'Show'} the email variables and an example
          <IconChevronDown
            size={14}
            aria-hidden
            style={{
              transform: opened ? 'rotate(180deg)' : undefined,
              transition: 'transform 150ms',
            }}
          />
        </Group>
      </UnstyledButton>
      {opened && (
        <Stack gap="sm" id={panelId}>
          <Text fz="sm">
            In Klaviyo, create a flow triggered by the metric <b>Alva Download Ready</b> and add an
            Email action. These variables are available in the email:
          </Text>
          <Table fz="sm" withTableBorder verticalSpacing={4} aria-label="Email variables">
            <Table.Tbody>
              {VARIABLES.map(([variable, meaning]) => (
                <Table.Tr key={variable}>
                  <Table.Td>
                    <Code>{variable}</Code>
                  </Table.Td>
                  <Table.Td>{meaning}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Group justify="space-between" align="flex-end">
            <Text fz="sm" fw={500}>
              Example
            </Text>
            <CopyButton value={EMAIL_SNIPPET} label="email example" withText size="xs" />
          </Group>
          <Code block fz="xs">
            {EMAIL_SNIPPET}
          </Code>
        </Stack>
      )}
    </Stack>
  );
}

function StepStatus({ state, current }: { state: StepState; current: boolean }) {
  if (state.loading) return <Loader size="xs" aria-label="Checking" />;
  if (state.done) {
    return (
      <Badge
        variant="light"
        color="teal"
        radius="sm"
        leftSection={<IconCheck size={12} aria-hidden />}
      >
        Done
      </Badge>
    );
  }
  return (
    <Badge variant="light" color={current ? 'alva' : 'gray'} radius="sm">
      {current ? 'Next' : 'To do'}
    </Badge>
  );
}

export function OnboardingChecklist() {
  const session = useSession();
  const { steps } = useOnboardingState();
  const done = steps.filter((step) => step.done).length;
  const loading = steps.some((step) => step.loading);
  const current = steps.findIndex((step) => !step.done && !step.loading);
  const failed = steps.some((step) => step.error);

  let body: ReactNode = null;
  if (!loading && done === ONBOARDING_STEPS.length) {
    body = (
      <Alert
        color="teal"
        variant="light"
        icon={<IconConfetti size={18} aria-hidden />}
        title="You are ready to deliver"
        mb="md"
      >
        Every step is done. Deliveries show up under Deliveries as your Klaviyo flows run.
      </Alert>
    );
  }

  return (
    <Card>
      <Group justify="space-between" align="flex-start" mb="xs">
        <Stack gap={2}>
          <Title order={2} fz="lg">
            Get ready for your first delivery
          </Title>
          <Text c="dimmed" fz="sm">
            Five steps, about fifteen minutes.
          </Text>
        </Stack>
        <Text fz="sm" c="dimmed" fw={500} aria-live="polite">
          {done} of {ONBOARDING_STEPS.length} done
        </Text>
      </Group>
      <Progress
        value={(done / ONBOARDING_STEPS.length) * 100}
        size="sm"
        radius="xl"
        mb="lg"
        color={done === ONBOARDING_STEPS.length ? 'teal' : undefined}
        aria-label="Onboarding progress"
      />
      {body}
      {failed && (
        <Text fz="xs" c="dimmed" mb="xs">
          Some steps could not be checked right now; they are shown as not done.
        </Text>
      )}
      <Stack component="ol" gap={0} p={0} m={0} style={{ listStyle: 'none' }}>
        {ONBOARDING_STEPS.map((step, index) => {
          const state = steps[index] ?? { done: false, loading: false, error: null };
          const isCurrent = index === current;
          const action = step.action;
          const canAct = action ? roleAtLeast(session.role, action.minRole) : false;
          return (
            <Group
              component="li"
              key={step.title}
              wrap="nowrap"
              align="flex-start"
              gap="md"
              py="md"
              data-done={state.done || undefined}
              aria-label={`${step.title}: ${state.loading ? 'checking' : state.done ? 'done' : 'not done'}`}
              style={{
                borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-gray-2)',
              }}
            >
              <ThemeIcon
                size={38}
                radius="md"
                variant={state.done ? 'filled' : 'light'}
                color={state.done ? 'teal' : isCurrent ? 'alva' : 'gray'}
              >
                {state.done ? (
                  <IconCheck size={20} aria-hidden />
                ) : (
                  <step.icon size={20} aria-hidden />
                )}
              </ThemeIcon>
              <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
                <Text fw={600} fz="sm">
                  <Text span c="dimmed" fz="sm" fw={500}>
                    {index + 1}.{' '}
                  </Text>
                  {step.title}
                </Text>
                <Text c="dimmed" fz="sm">
                  {state.done && state.detail ? state.detail : step.description}
                </Text>
                {index === 3 && !state.done && <EmailFlowHelp />}
                {!state.done && !state.loading && isCurrent && action && (
                  <Group mt={8}>
                    {canAct ? (
                      <Button component={Link} to={action.to} size="xs">
                        {action.label}
                      </Button>
                    ) : (
                      <Text fz="xs" c="dimmed">
                        An admin does this step.
                      </Text>
                    )}
                  </Group>
                )}
              </Stack>
              <StepStatus state={state} current={isCurrent} />
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
