// Settings > Fraud protection: where scores are approved, held for review or blocked, how repeats
// and bursts count, and the emails or domains always blocked or always approved.
import {
  Alert,
  Box,
  Button,
  Card,
  Fieldset,
  Grid,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useForm, type FormErrors } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import { isApiError, errorMessage } from '@/lib/api/errors';
import type { FraudSettings } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useFraudSettings, useSaveFraudSettings } from '../api/fraud';

interface FraudValues {
  approve_max: number | string;
  review_max: number | string;
  repeat_window_hours: number | string;
  repeat_threshold: number | string;
  velocity_window_minutes: number | string;
  velocity_threshold: number | string;
  block_list: string;
  allow_list: string;
}

type NumberField = Exclude<keyof FraudValues, 'block_list' | 'allow_list'>;
type ListField = 'block_list' | 'allow_list';

const LIMITS: Record<NumberField, [number, number]> = {
  approve_max: [0, 99],
  review_max: [1, 100],
  repeat_window_hours: [1, 168],
  repeat_threshold: [2, 100],
  velocity_window_minutes: [1, 1440],
  velocity_threshold: [2, 1000],
};

function between(field: NumberField) {
  const [min, max] = LIMITS[field];
  return (value: number | string) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? null
      : `Enter a whole number from ${min} to ${max}.`;
}

/** Non-empty lines, with the 1-based line each came from (the API reports `block_list.<index>`). */
function listEntries(text: string): { entries: string[]; lines: number[] } {
  const entries: string[] = [];
  const lines: number[] = [];
  text.split('\n').forEach((line, index) => {
    const entry = line.trim();
    if (entry) {
      entries.push(entry);
      lines.push(index + 1);
    }
  });
  return { entries, lines };
}

function toValues(settings: FraudSettings): FraudValues {
  return {
    approve_max: settings.approve_max,
    review_max: settings.review_max,
    repeat_window_hours: settings.repeat_window_hours,
    repeat_threshold: settings.repeat_threshold,
    velocity_window_minutes: settings.velocity_window_minutes,
    velocity_threshold: settings.velocity_threshold,
    block_list: settings.block_list.join('\n'),
    allow_list: settings.allow_list.join('\n'),
  };
}

function Bands({ approveMax, reviewMax }: { approveMax: number; reviewMax: number }) {
  const approve = Math.max(0, Math.min(approveMax, 100));
  const review = Math.max(approve, Math.min(reviewMax, 100));
  const segments = [
    { label: `Approve 0–${approve}`, width: approve + 1, color: 'var(--mantine-color-teal-5)' },
    {
      label: `Review ${approve + 1}–${review}`,
      width: review - approve,
      color: 'var(--mantine-color-yellow-5)',
    },
    {
      label: `Block ${review + 1}–100`,
      width: 100 - review,
      color: 'var(--mantine-color-red-5)',
    },
  ];
  return (
    <Stack gap={6} aria-label="Score bands">
      <Box style={{ display: 'flex', height: 12, borderRadius: 6, overflow: 'hidden' }}>
        {segments.map((segment) =>
          segment.width > 0 ? (
            <Box key={segment.label} style={{ flex: segment.width, background: segment.color }} />
          ) : null,
        )}
      </Box>
      <Group justify="space-between" gap="xs">
        {segments.map((segment) => (
          <Text key={segment.label} fz="xs" c="dimmed">
            {segment.label}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

function FraudForm({ settings, canManage }: { settings: FraudSettings; canManage: boolean }) {
  const save = useSaveFraudSettings();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<FraudValues>({
    mode: 'controlled',
    initialValues: toValues(settings),
    validate: {
      approve_max: between('approve_max'),
      review_max: (value, values) =>
        between('review_max')(value) ??
        (Number(value) <= Number(values.approve_max)
          ? 'Must be greater than the highest approved score.'
          : null),
      repeat_window_hours: between('repeat_window_hours'),
      repeat_threshold: between('repeat_threshold'),
      velocity_window_minutes: between('velocity_window_minutes'),
      velocity_threshold: between('velocity_threshold'),
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    const blocks = listEntries(values.block_list);
    const allows = listEntries(values.allow_list);
    save.mutate(
      {
        approve_max: Number(values.approve_max),
        review_max: Number(values.review_max),
        repeat_window_hours: Number(values.repeat_window_hours),
        repeat_threshold: Number(values.repeat_threshold),
        velocity_window_minutes: Number(values.velocity_window_minutes),
        velocity_threshold: Number(values.velocity_threshold),
        block_list: blocks.entries,
        allow_list: allows.entries,
      },
      {
        onSuccess: (saved) => {
          // Entries come back normalised (lower-case, "@example.com" -> "example.com").
          form.setValues(toValues(saved));
          form.resetDirty(toValues(saved));
          notifications.show({ color: 'teal', message: 'Fraud settings saved.' });
        },
        onError: (error) => {
          if (!isApiError(error) || Object.keys(error.fields).length === 0) {
            setFormError(errorMessage(error));
            return;
          }
          const errors: FormErrors = {};
          const listMessages: Record<ListField, string[]> = { block_list: [], allow_list: [] };
          const leftover: string[] = [];
          for (const [field, messages] of Object.entries(error.fields)) {
            const match = /^(block_list|allow_list)\.(\d+)$/.exec(field);
            if (match) {
              const list = match[1] as ListField;
              const index = Number(match[2]);
              const { entries, lines } = list === 'block_list' ? blocks : allows;
              listMessages[list].push(
                `Line ${lines[index] ?? index + 1} (“${entries[index] ?? ''}”): ${messages.join(' ')}`,
              );
            } else if (field in values) {
              errors[field] = messages.join(' ');
            } else {
              leftover.push(...messages);
            }
          }
          for (const list of ['block_list', 'allow_list'] as const) {
            if (listMessages[list].length > 0) errors[list] = listMessages[list].join('\n');
          }
          form.setErrors(errors);
          setFormError(
            leftover.length > 0 ? leftover.join(' ') : 'Some settings need fixing: see below.',
          );
        },
      },
    );
  });

  const numberProps = (field: NumberField, label: string, description?: string) => ({
    label,
    description,
    min: LIMITS[field][0],
    max: LIMITS[field][1],
    allowDecimal: false,
    allowNegative: false,
    clampBehavior: 'none' as const,
    ...form.getInputProps(field),
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Fieldset disabled={!canManage} variant="unstyled">
        <Stack gap="xl">
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
              {formError}
            </Alert>
          )}
          <Card>
            <Title order={2} fz="lg" mb={4}>
              Score bands
            </Title>
            <Text fz="sm" c="dimmed" mb="md">
              Every delivery gets a score from 0 to 100 from its signals. Low scores are approved,
              the middle band waits for you in Pending Review, high scores are blocked.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mb="md">
              <NumberInput {...numberProps('approve_max', 'Approve up to')} />
              <NumberInput {...numberProps('review_max', 'Hold for review up to')} />
            </SimpleGrid>
            <Bands
              approveMax={Number(form.values.approve_max) || 0}
              reviewMax={Number(form.values.review_max) || 0}
            />
          </Card>
          <Card>
            <Title order={2} fz="lg" mb={4}>
              Repeats and bursts
            </Title>
            <Text fz="sm" c="dimmed" mb="md">
              Many deliveries to one email in a short time usually means a shared or abused account.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <NumberInput
                {...numberProps(
                  'repeat_threshold',
                  'Same bundle, same email',
                  'Deliveries that count as a repeat (this one included)',
                )}
              />
              <NumberInput {...numberProps('repeat_window_hours', 'Within (hours)')} />
              <NumberInput
                {...numberProps(
                  'velocity_threshold',
                  'Any bundle, same email',
                  'Deliveries that count as a burst (this one included)',
                )}
              />
              <NumberInput {...numberProps('velocity_window_minutes', 'Within (minutes)')} />
            </SimpleGrid>
          </Card>
          <Card>
            <Title order={2} fz="lg" mb={4}>
              Block and allow lists
            </Title>
            <Text fz="sm" c="dimmed" mb="md">
              One email or domain per line (<i>customer@example.com</i>, <i>example.com</i> or{' '}
              <i>@example.com</i>). The allow list wins over every other signal.
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
              <Textarea
                label="Always block"
                autosize
                minRows={5}
                maxRows={14}
                placeholder={'fraudster@example.com\nthrowaway.example'}
                styles={{ error: { whiteSpace: 'pre-line' } }}
                {...form.getInputProps('block_list')}
              />
              <Textarea
                label="Always approve"
                autosize
                minRows={5}
                maxRows={14}
                placeholder={'vip@example.com\nyourcompany.com'}
                styles={{ error: { whiteSpace: 'pre-line' } }}
                {...form.getInputProps('allow_list')}
              />
            </SimpleGrid>
          </Card>
          {canManage && (
            <Group justify="space-between">
              <Text fz="xs" c="dimmed">
                {settings.updated_at
                  ? `Last changed ${formatDateTime(settings.updated_at)}${settings.updated_by ? ` by ${settings.updated_by}` : ''}.`
                  : 'Using Alva’s defaults.'}
              </Text>
              <Button type="submit" loading={save.isPending}>
                Save fraud settings
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}

export function FraudSettingsPage() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const settings = useFraudSettings();
  return (
    <>
      <PageHeader
        title="Fraud protection"
        description="How Alva decides between approving, holding for review and blocking a delivery."
      />
      {!canManage && (
        <Alert mb="lg" variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          You can see these rules; admins change them.
        </Alert>
      )}
      {settings.isPending ? (
        <LoadingState label="Loading fraud settings…" />
      ) : settings.isError ? (
        <ErrorState
          title="Could not load fraud settings"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <Grid>
          <Grid.Col span={{ base: 12, xl: 10 }}>
            <FraudForm settings={settings.data} canManage={canManage} />
          </Grid.Col>
        </Grid>
      )}
    </>
  );
}
