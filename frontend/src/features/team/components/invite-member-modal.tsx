// Invite someone: pick a role, then hand over the one-time invitation link (Alva sends no email).
import { Alert, Button, Group, Modal, Radio, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { CopyField } from '@/components/copy-field';
import type { InvitationCreated, Role } from '@/lib/api/types';
import { formatDate } from '@/lib/format';
import { applyApiErrors } from '@/lib/forms';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '@/lib/roles';
import { useInvite } from '../api/team';

interface InviteValues {
  email: string;
  role: Role;
}

function InviteForm({ onCreated }: { onCreated: (invitation: InvitationCreated) => void }) {
  const invite = useInvite();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<InviteValues>({
    mode: 'uncontrolled',
    initialValues: { email: '', role: 'member' },
    validate: {
      email: (value) =>
        /^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter a valid email address.',
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    invite.mutate(
      { email: values.email.trim(), role: values.role },
      {
        onSuccess: onCreated,
        onError: (error) => {
          setFormError(applyApiErrors(form, error, { already_member: 'email' }));
        },
      },
    );
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
          label="Email"
          placeholder="teammate@yourstore.com"
          type="email"
          required
          data-autofocus
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <Radio.Group label="Role" key={form.key('role')} {...form.getInputProps('role')}>
          <Stack gap="xs" mt={6}>
            {ROLES.map((role) => (
              <Radio.Card key={role} value={role} radius="md" p="sm">
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <div>
                    <Text fw={600} fz="sm">
                      {ROLE_LABELS[role]}
                    </Text>
                    <Text c="dimmed" fz="xs">
                      {ROLE_DESCRIPTIONS[role]}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </Stack>
        </Radio.Group>
        <Group justify="flex-end" mt="xs">
          <Button type="submit" loading={invite.isPending}>
            Create invitation
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function InviteCreated({
  invitation,
  onDone,
}: {
  invitation: InvitationCreated;
  onDone: () => void;
}) {
  return (
    <Stack gap="md">
      <Text fz="sm">
        Send this link to <b>{invitation.email}</b>. They join as{' '}
        <b>{ROLE_LABELS[invitation.role].toLowerCase()}</b> when they open it and choose a password.
      </Text>
      <CopyField label="Invitation link" value={invitation.invite_url} />
      <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} aria-hidden />}>
        This link is shown only once and works once, until {formatDate(invitation.expires_at)}. Alva
        does not email it for you.
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

export function InviteMemberModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const [created, setCreated] = useState<InvitationCreated | null>(null);
  // Mounted afresh for every opening (see the `key` where it is used), so a closed dialog keeps
  // its content while it fades out and the next opening starts clean.
  const close = onClose;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={created ? 'Invitation created' : 'Invite a teammate'}
      size="lg"
    >
      {created ? (
        <InviteCreated invitation={created} onDone={close} />
      ) : (
        <InviteForm onCreated={setCreated} />
      )}
    </Modal>
  );
}
