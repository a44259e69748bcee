// The confirmation every support action goes through: a required reason (it goes into the audit
// log) and, for extending a link, the number of days. API field errors land on the fields.
import { Alert, Button, Group, Modal, NumberInput, Stack, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { applyApiErrors } from '@/lib/forms';

export const REASON_MIN = 3;
export const REASON_MAX = 1000;

export interface ReasonValues {
  reason: string;
  days: number | string;
}

export function reasonError(value: string): string | null {
  const length = value.trim().length;
  if (length === 0) return 'Give a reason: it is recorded in the audit log.';
  if (length < REASON_MIN) return `Give a reason of at least ${REASON_MIN} characters.`;
  if (length > REASON_MAX) return `Keep the reason under ${REASON_MAX} characters.`;
  return null;
}

function daysError(value: number | string): string | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 365
    ? null
    : 'Enter a whole number of days from 1 to 365.';
}

function ReasonForm({
  body,
  confirmLabel,
  color,
  withDays,
  onCancel,
  onConfirm,
}: {
  body: ReactNode;
  confirmLabel: string;
  color?: string;
  withDays: boolean;
  onCancel: () => void;
  onConfirm: (values: { reason: string; days: number }) => Promise<unknown>;
}) {
  const [pending, setPending] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<ReasonValues>({
    mode: 'uncontrolled',
    initialValues: { reason: '', days: 3 },
    validate: {
      reason: reasonError,
      days: (value) => (withDays ? daysError(value) : null),
    },
  });

  const onSubmit = form.onSubmit(async (values) => {
    setFormError(null);
    setPending(true);
    try {
      await onConfirm({ reason: values.reason.trim(), days: Number(values.days) });
    } catch (error) {
      setFormError(applyApiErrors(form, error));
    } finally {
      setPending(false);
    }
  });

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {typeof body === 'string' ? <Text fz="sm">{body}</Text> : body}
        {formError && (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertCircle size={18} aria-hidden />}
            role="alert"
          >
            {formError}
          </Alert>
        )}
        {withDays && (
          <NumberInput
            label="Days to add"
            description="Counted from the link's current expiry, or from now if it has expired."
            min={1}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            required
            key={form.key('days')}
            {...form.getInputProps('days')}
          />
        )}
        <Textarea
          label="Reason"
          description="Recorded in the audit log with your email. Write it for a colleague reading it later (e.g. the ticket number)."
          autosize
          minRows={3}
          maxRows={8}
          required
          data-autofocus
          key={form.key('reason')}
          {...form.getInputProps('reason')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button type="submit" color={color} loading={pending}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ReasonModal({
  opened,
  onClose,
  title,
  body,
  confirmLabel,
  color,
  withDays = false,
  onConfirm,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  body: ReactNode;
  confirmLabel: string;
  color?: string;
  withDays?: boolean;
  /** Resolves when the action is done (the modal then closes); rejects with the API's error. */
  onConfirm: (values: { reason: string; days: number }) => Promise<unknown>;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      {/* Mounted only while open: every opening starts with an empty reason. */}
      {opened && (
        <ReasonForm
          body={body}
          confirmLabel={confirmLabel}
          color={color}
          withDays={withDays}
          onCancel={onClose}
          onConfirm={async (values) => {
            await onConfirm(values);
            onClose();
          }}
        />
      )}
    </Modal>
  );
}
