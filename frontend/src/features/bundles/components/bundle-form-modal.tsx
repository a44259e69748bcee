// Create or edit a bundle: its name (the ProductName in emails), description, and the delivery
// policy every link it issues gets. A new bundle starts from the store's delivery defaults.
import {
  Alert,
  Anchor,
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
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { LoadingState } from '@/components/query-states';
import { errorMessage } from '@/lib/api/errors';
import type { Bundle } from '@/lib/api/types';
import {
  ALVA_POLICY_DEFAULTS,
  DELIVERY_POLICY,
  type DeliveryPolicy,
  POLICY_FIELDS,
  policyRangeRule,
} from '@/lib/delivery-policy';
import { applyApiErrors } from '@/lib/forms';
import { deliveryDefaultsQuery } from '@/lib/shared-queries';
import { useCreateBundle, useUpdateBundle } from '../api/bundles';

export interface BundleValues {
  name: string;
  description: string;
  active: boolean;
  expiry_days: number | string;
  max_downloads: number | string;
  max_unique_ips: number | string;
}

function initialValues(bundle: Bundle | undefined, defaults: DeliveryPolicy): BundleValues {
  return bundle
    ? {
        name: bundle.name,
        description: bundle.description,
        active: bundle.active,
        expiry_days: bundle.expiry_days,
        max_downloads: bundle.max_downloads,
        max_unique_ips: bundle.max_unique_ips,
      }
    : { name: '', description: '', active: true, ...defaults };
}

function BundleForm({
  bundle,
  defaults,
  onSaved,
}: {
  bundle?: Bundle;
  /** What a new bundle starts with: the store's delivery defaults. */
  defaults: DeliveryPolicy;
  onSaved: (bundle: Bundle) => void;
}) {
  const create = useCreateBundle();
  const update = useUpdateBundle();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<BundleValues>({
    mode: 'uncontrolled',
    initialValues: initialValues(bundle, defaults),
    validate: {
      name: (value) =>
        value.trim() === ''
          ? 'Give the bundle a name.'
          : value.trim().length > 200
            ? 'Keep the name to 200 characters.'
            : null,
      description: (value) =>
        value.length > 5000 ? 'Keep the description to 5,000 characters.' : null,
      expiry_days: policyRangeRule('expiry_days'),
      max_downloads: policyRangeRule('max_downloads'),
      max_unique_ips: policyRangeRule('max_unique_ips'),
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
            {!bundle && (
              <>
                {' '}
                Filled in from your store’s{' '}
                <Anchor component={Link} to="/settings/delivery-defaults" fz="xs">
                  delivery defaults
                </Anchor>
                .
              </>
            )}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
            {POLICY_FIELDS.map((field) => (
              <NumberInput
                key={form.key(field)}
                label={DELIVERY_POLICY[field].label}
                min={DELIVERY_POLICY[field].min}
                max={DELIVERY_POLICY[field].max}
                allowDecimal={false}
                allowNegative={false}
                clampBehavior="none"
                description={`${DELIVERY_POLICY[field].min}–${DELIVERY_POLICY[field].max}`}
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
      {bundle ? (
        <BundleForm bundle={bundle} defaults={ALVA_POLICY_DEFAULTS} onSaved={onSaved} />
      ) : (
        <NewBundleForm onSaved={onSaved} />
      )}
    </Modal>
  );
}

/** The create form, once the store's delivery defaults are known (Alva's own if they cannot be read). */
function NewBundleForm({ onSaved }: { onSaved: (bundle: Bundle) => void }) {
  const defaults = useQuery(deliveryDefaultsQuery);
  if (defaults.isPending) return <LoadingState label="Loading your delivery defaults…" />;
  return (
    <Stack gap="md">
      {defaults.isError && (
        <Alert color="yellow" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
          Your store’s delivery defaults could not be loaded ({errorMessage(defaults.error)}), so
          Alva’s are filled in. Check the delivery policy before you create the bundle.
        </Alert>
      )}
      <BundleForm defaults={defaults.data ?? ALVA_POLICY_DEFAULTS} onSaved={onSaved} />
    </Stack>
  );
}
