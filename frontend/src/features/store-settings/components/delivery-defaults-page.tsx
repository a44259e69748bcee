// Settings > Delivery defaults: the link lifetime and the download and IP limits a new bundle
// starts with. Each bundle can still set its own; existing bundles keep theirs.
import {
  Alert,
  Button,
  Card,
  Fieldset,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import type { DeliveryDefaults } from '@/lib/api/types';
import {
  ALVA_POLICY_DEFAULTS,
  DELIVERY_POLICY,
  POLICY_FIELDS,
  policyRangeRule,
  type PolicyField,
} from '@/lib/delivery-policy';
import { applyApiErrors } from '@/lib/forms';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useDeliveryDefaults, useSaveDeliveryDefaults } from '../api/store-settings';

type DefaultsValues = Record<PolicyField, number | string>;

const HINTS: Record<PolicyField, string> = {
  expiry_days: 'How long a download link works after it is sent.',
  max_downloads: 'Downloads one link allows, counting every file.',
  max_unique_ips: 'Different networks one link can be used from.',
};

function DeliveryDefaultsForm({
  defaults,
  canManage,
}: {
  defaults: DeliveryDefaults;
  canManage: boolean;
}) {
  const save = useSaveDeliveryDefaults();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<DefaultsValues>({
    mode: 'controlled',
    initialValues: { ...defaults },
    validate: {
      expiry_days: policyRangeRule('expiry_days'),
      max_downloads: policyRangeRule('max_downloads'),
      max_unique_ips: policyRangeRule('max_unique_ips'),
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(
      {
        expiry_days: Number(values.expiry_days),
        max_downloads: Number(values.max_downloads),
        max_unique_ips: Number(values.max_unique_ips),
      },
      {
        onSuccess: (saved) => {
          form.setValues({ ...saved });
          notifications.show({ color: 'teal', message: 'Delivery defaults saved.' });
        },
        onError: (error) => {
          setFormError(applyApiErrors(form, error));
        },
      },
    );
  });

  const isAlvaDefaults = POLICY_FIELDS.every(
    (field) => form.values[field] === ALVA_POLICY_DEFAULTS[field],
  );

  return (
    <form onSubmit={onSubmit} noValidate>
      <Fieldset disabled={!canManage} variant="unstyled">
        <Stack gap="lg">
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
              {formError}
            </Alert>
          )}
          <Card>
            <Text fz="sm" c="dimmed" mb="md">
              Every new bundle starts with these limits; you can change them per bundle. Changing
              them here does not change existing bundles or links already sent.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="lg">
              {POLICY_FIELDS.map((field) => (
                <NumberInput
                  key={field}
                  label={DELIVERY_POLICY[field].label}
                  description={`${HINTS[field]} ${DELIVERY_POLICY[field].min}–${DELIVERY_POLICY[field].max}, Alva’s default ${DELIVERY_POLICY[field].default}.`}
                  min={DELIVERY_POLICY[field].min}
                  max={DELIVERY_POLICY[field].max}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  {...form.getInputProps(field)}
                />
              ))}
            </SimpleGrid>
          </Card>
          {canManage && (
            <Group justify="space-between">
              <Button
                variant="subtle"
                color="gray"
                disabled={isAlvaDefaults}
                onClick={() => {
                  form.setValues({ ...ALVA_POLICY_DEFAULTS });
                }}
              >
                Use Alva’s defaults
              </Button>
              <Button type="submit" loading={save.isPending}>
                Save delivery defaults
              </Button>
            </Group>
          )}
        </Stack>
      </Fieldset>
    </form>
  );
}

export function DeliveryDefaultsPage() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const defaults = useDeliveryDefaults();
  return (
    <>
      <PageHeader
        title="Delivery defaults"
        description="The link lifetime and the download and IP limits new bundles start with."
      />
      {!canManage && (
        <Alert mb="lg" variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          You can see these defaults; admins change them.
        </Alert>
      )}
      {defaults.isPending ? (
        <LoadingState label="Loading delivery defaults…" />
      ) : defaults.isError ? (
        <ErrorState
          title="Could not load the delivery defaults"
          error={defaults.error}
          onRetry={() => void defaults.refetch()}
        />
      ) : (
        <DeliveryDefaultsForm defaults={defaults.data} canManage={canManage} />
      )}
    </>
  );
}
