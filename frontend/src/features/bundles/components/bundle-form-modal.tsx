// Create or edit a bundle: its name (the ProductName in emails), description, and the delivery
// policy every link it issues gets.
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { Bundle } from '@/lib/api/types';
import { applyApiErrors } from '@/lib/forms';
import { useCreateBundle, useUpdateBundle } from '../api/bundles';

export interface BundleValues {
  name: string;
  description: string;
  active: boolean;
  expiry_days: number | string;
  max_downloads: number | string;
  max_unique_ips: number | string;
}

export const POLICY_LIMITS = {
  expiry_days: { min: 1, max: 365, label: 'Link lifetime (days)', default: 3 },
  max_downloads: { min: 1, max: 1000, label: 'Downloads per link', default: 5 },
  max_unique_ips: { min: 1, max: 100, label: 'Unique IPs per link', default: 3 },
} as const;

type PolicyField = keyof typeof POLICY_LIMITS;

function inRange(field: PolicyField) {
  const { min, max } = POLICY_LIMITS[field];
  return (value: number | string) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? null
      : `Enter a whole number from ${min} to ${max}.`;
}

function initialValues(bundle?: Bundle): BundleValues {
  return bundle
    ? {
        name: bundle.name,
        description: bundle.description,
        active: bundle.active,
        expiry_days: bundle.expiry_days,
        max_downloads: bundle.max_downloads,
        max_unique_ips: bundle.max_unique_ips,
      }
    : {
        name: '',
        description: '',
        active: true,
        expiry_days: POLICY_LIMITS.expiry_days.default,
        max_downloads: POLICY_LIMITS.max_downloads.default,
        max_unique_ips: POLICY_LIMITS.max_unique_ips.default,
      };
}

function BundleForm({ bundle, onSaved }: { bundle?: Bundle; onSaved: (bundle: Bundle) => void }) {
  const create = useCreateBundle();
  const update = useUpdateBundle();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<BundleValues>({
    mode: 'uncontrolled',
    initialValues: initialValues(bundle),
    validate: {
      name: (value) =>
        value.trim() === ''
          ? 'Give the bundle a name.'
          : value.trim().length > 200
            ? 'Keep the name to 200 characters.'
            : null,
      description: (value) =>
        value.length > 5000 ? 'Keep the description to 5,000 characters.' : null,
      expiry_days: inRange('expiry_days'),
      max_downloads: inRange('max_downloads'),
      max_unique_ips: inRange('max_unique_ips'),
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    const body = {
      name: values.name.trim(),
      description: values.description.trim(),
      active: values.active,
      expiry_days: Number(values.expiry_days),
      max_downloads: Number(values.max_downloads),
      max_unique_ips: Number(values.max_unique_ips),
    };
    const onError = (error: unknown) => {
      setFormError(applyApiErrors(form, error));
    };
    if (bundle) update.mutate({ bundleId: bundle.id, body }, { onSuccess: onSaved, onError });
    else create.mutate(body, { onSuccess: onSaved, onError });
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {formError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
            {formError}
          </Alert>
        )}
        <TextInput
          label="Name"
          description="Your customers see it in emails as the product name."
          placeholder="Lightroom Presets — Autumn Pack"
          required
          data-autofocus
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <Textarea
          label="Description"
          description="For your team; customers do not see it."
          autosize
          minRows={2}
          maxRows={6}
          key={form.key('description')}
          {...form.getInputProps('description')}
        />
        <div>
          <Text fw={600} fz="sm">
            Delivery policy
          </Text>
          <Text fz="xs" c="dimmed" mb="xs">
            Every download link this bundle issues gets these limits. Changes apply to new links.
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {(Object.keys(POLICY_LIMITS) as PolicyField[]).map((field) => (
              <NumberInput
                key={form.key(field)}
                label={POLICY_LIMITS[field].label}
                min={POLICY_LIMITS[field].min}
                max={POLICY_LIMITS[field].max}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                description={`${POLICY_LIMITS[field].min}–${POLICY_LIMITS[field].max}`}
                {...form.getInputProps(field)}
              />
            ))}
          </SimpleGrid>
        </div>
        <Switch
          label="Active"
          description="An inactive bundle refuses new deliveries: its webhook answers 409."
          key={form.key('active')}
          {...form.getInputProps('active', { type: 'checkbox' })}
        />
        <Group justify="flex-end" mt="xs">
          <Button type="submit" loading={create.isPending || update.isPending}>
            {bundle ? 'Save changes' : 'Create bundle'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function BundleFormModal({
  opened,
  onClose,
  bundle,
  onSaved,
}: {
  opened: boolean;
  onClose: () => void;
  bundle?: Bundle;
  onSaved: (bundle: Bundle) => void;
}) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={bundle ? `Edit ${bundle.name}` : 'New bundle'}
      size="lg"
    >
      <BundleForm bundle={bundle} onSaved={onSaved} />
    </Modal>
  );
}
