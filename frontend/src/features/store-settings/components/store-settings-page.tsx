// Settings > Download page and retention: the logo, colour and support email customers see on
// their download page, and how long Alva keeps customers' personal data.
import {
  Alert,
  Box,
  Button,
  Card,
  ColorInput,
  Fieldset,
  Grid,
  Group,
  Image,
  NumberInput,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import type { StoreSettings } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { applyApiErrors } from '@/lib/forms';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useSaveStoreSettings, useStoreSettings } from '../api/store-settings';
import { LogoField } from './logo-field';

export const RETENTION_DAYS = { min: 7, max: 730 };
const HEX = /^#[0-9a-fA-F]{6}$/;

interface StoreValues {
  brand_color: string;
  support_email: string;
  retention_days: number | string;
}

/** What the top of the customer's download page looks like with these settings. */
function Preview({
  color,
  storeName,
  email,
  logoUrl,
}: {
  color: string;
  storeName: string;
  email: string;
  logoUrl: string | null;
}) {
  const valid = HEX.test(color);
  return (
    <Box
      aria-label="Download page preview"
      role="img"
      style={{
        borderRadius: 12,
        overflow: 'hidden',
        border: '1px solid var(--mantine-color-gray-3)',
      }}
    >
      <Group px="md" py="sm" gap="sm" style={{ background: valid ? color : '#4f46e5' }}>
        {logoUrl && (
          <Image
            src={logoUrl}
            alt=""
            data-testid="preview-logo"
            mah={32}
            maw={120}
            w="auto"
            fit="contain"
            bg="white"
            p={3}
            radius={4}
          />
        )}
        <Text c="white" fw={700} fz="sm">
          {storeName}
        </Text>
      </Group>
      <Stack gap={6} p="md" bg="gray.0">
        <Text fw={700}>Your files</Text>
        <Group justify="space-between">
          <Text fz="sm">presets.zip</Text>
          <Box px="sm" py={4} style={{ background: valid ? color : '#4f46e5', borderRadius: 6 }}>
            <Text c="white" fz="xs" fw={600}>
              Download
            </Text>
          </Box>
        </Group>
        <Text fz="xs" c="dimmed" ta="center">
          {email ? `Questions? Contact ${email}.` : 'No support email shown.'}
        </Text>
      </Stack>
    </Box>
  );
}

function StoreSettingsForm({
  settings,
  canManage,
}: {
  settings: StoreSettings;
  canManage: boolean;
}) {
  const session = useSession();
  const save = useSaveStoreSettings();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<StoreValues>({
    mode: 'controlled',
    initialValues: {
      brand_color: settings.brand_color,
      support_email: settings.support_email,
      retention_days: settings.retention_days,
    },
    validate: {
      brand_color: (value) => (HEX.test(value) ? null : 'Enter a colour as #rrggbb.'),
      support_email: (value) =>
        value.trim() === '' || /^\S+@\S+\.\S+$/.test(value.trim())
          ? null
          : 'Enter a valid email address, or leave it empty.',
      retention_days: (value) =>
        typeof value === 'number' &&
        Number.isInteger(value) &&
        value >= RETENTION_DAYS.min &&
        value <= RETENTION_DAYS.max
          ? null
          : `Enter a whole number of days from ${RETENTION_DAYS.min} to ${RETENTION_DAYS.max}.`,
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      {
        brand_color: values.brand_color,
        support_email: values.support_email.trim(),
        retention_days: Number(values.retention_days),
      },
      {
        onSuccess: (saved) => {
          form.setValues({
            brand_color: saved.brand_color,
            support_email: saved.support_email,
            retention_days: saved.retention_days,
          });
          notifications.show({ color: 'teal', message: 'Store settings saved.' });
        },
        onError: (error) => {
          setFormError(applyApiErrors(form, error));
        },
      },
    );
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
              Download page
            </Title>
            <Text fz="sm" c="dimmed" mb="md">
              What your customers see when they open their link.
            </Text>
            <Grid gap="xl">
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Stack gap="md">
                  <LogoField logoUrl={settings.logo_url} canManage={canManage} />
                  <ColorInput
                    label="Brand colour"
                    description="The page header and buttons."
                    format="hex"
                    swatches={['#4f46e5', '#0f766e', '#be123c', '#c2410c', '#1d4ed8', '#111827']}
                    {...form.getInputProps('brand_color')}
                  />
                  <TextInput
                    label="Support email"
                    description="Shown at the bottom of the page; leave empty to show none."
                    type="email"
                    placeholder="help@yourstore.com"
                    {...form.getInputProps('support_email')}
                  />
                </Stack>
              </Grid.Col>
              <Grid.Col span={{ base: 12, md: 6 }}>
                <Preview
                  color={form.values.brand_color}
                  storeName={session.tenant.name}
                  email={form.values.support_email.trim()}
                  logoUrl={settings.logo_url}
                />
              </Grid.Col>
            </Grid>
          </Card>
          <Card>
            <Title order={2} fz="lg" mb={4}>
              Data retention
            </Title>
            <Text fz="sm" c="dimmed" mb="md">
              After this many days without a new delivery, a customer’s email, names, phone, IP
              addresses and webhook bodies are replaced by a pseudonym. Counts and analytics stay.
            </Text>
            <NumberInput
              label="Keep personal data for (days)"
              description={`${RETENTION_DAYS.min}–${RETENTION_DAYS.max} days`}
              min={RETENTION_DAYS.min}
              max={RETENTION_DAYS.max}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              maw={280}
              {...form.getInputProps('retention_days')}
            />
          </Card>
          {canManage && (
            <Group justify="space-between">
              <Text fz="xs" c="dimmed">
                {settings.updated_at
                  ? `Last changed ${formatDateTime(settings.updated_at)}.`
                  : 'Using Alva’s defaults.'}
              </Text>
              <Button type="submit" loading={save.isPending}>
                Save store settings
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}

export function StoreSettingsPage() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const settings = useStoreSettings();
  return (
    <>
      <PageHeader
        title="Download page and retention"
        description="Your brand on the customer’s download page, and how long their personal data is kept."
      />
      {!canManage && (
        <Alert mb="lg" variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          You can see these settings; admins change them.
        </Alert>
      )}
      {settings.isPending ? (
        <LoadingState label="Loading store settings…" />
      ) : settings.isError ? (
        <ErrorState
          title="Could not load the store settings"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <StoreSettingsForm settings={settings.data} canManage={canManage} />
      )}
    </>
  );
}
