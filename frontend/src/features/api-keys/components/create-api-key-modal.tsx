// Name a new key, then show its secret exactly once.
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyField } from '@/components/copy-field';
import type { ApiKeyCreated } from '@/lib/api/types';
import { applyApiErrors } from '@/lib/forms';
import { useCreateApiKey } from '../api/api-keys';

function CreateForm({ onCreated }: { onCreated: (key: ApiKeyCreated) => void }) {
  const create = useCreateApiKey();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { name: '' },
    validate: {
      name: (value) =>
        !value.trim()
          ? 'Give the key a name.'
          : value.trim().length > 100
            ? 'Use at most 100 characters.'
            : null,
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(values.name.trim(), {
      onSuccess: onCreated,
      onError: (error) => {
        setFormError(applyApiErrors(form, error));
      },
    });
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
          description="Where the key is used, so you recognise it later."
          placeholder="Zapier integration"
          required
          data-autofocus
          key={form.key('name')}
          {...form.getInputProps('name')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Create key
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function KeyCreated({ apiKey, onDone }: { apiKey: ApiKeyCreated; onDone: () => void }) {
  return (
    <Stack gap="md">
      <Alert
        color="yellow"
        variant="light"
        icon={<IconAlertTriangle size={18} aria-hidden />}
        title="Copy this key now"
      >
        This is the only time Alva shows it. Store it somewhere safe: anyone with the key can act in
        this store as you.
      </Alert>
      <CopyField label={`API key “${apiKey.name}”`} value={apiKey.key} monospace />
      <Text fz="xs" c="dimmed">
        Send it as <code>Authorization: Bearer &lt;key&gt;</code>.
      </Text>
      <Group justify="flex-end">
        <Button onClick={onDone}>I have copied it</Button>
      </Group>
    </Stack>
  );
}

export function CreateApiKeyModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  // Mounted afresh for every opening (see the `key` where it is used), so a closed dialog keeps
  // its content while it fades out and the next opening starts clean.
  const close = onClose;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Your new API key' : 'Create an API key'}
      size="lg"
      // Once the key is on screen, only the explicit button closes the dialog.
      closeOnClickOutside={!created}
    >
      {created ? (
        <KeyCreated apiKey={created} onDone={close} />
      ) : (
        <CreateForm onCreated={setCreated} />
      )}
    </Modal>
  );
}
