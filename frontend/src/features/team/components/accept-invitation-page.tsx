// /invite/:token — join the store from an invitation link and land logged in.
import { Alert, Button, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertCircle, IconLinkOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AuthLayout } from '@/components/auth-layout';
import { PasswordField } from '@/components/password-field';
import { isApiError } from '@/lib/api/errors';
import { applyApiErrors } from '@/lib/forms';
import { useAcceptInvitation } from '../api/team';

function InvitationGone() {
  return (
    <AuthLayout title="This invitation can't be used">
      <Stack gap="md" align="flex-start">
        <Alert color="yellow" variant="light" icon={<IconLinkOff size={18} aria-hidden />} w="100%">
          The link has expired, was revoked, or was already used.
        </Alert>
        <Text fz="sm">
          Ask an owner of this store to invite you again. If you already joined, log in instead.
        </Text>
        <Button component={Link} to="/login" variant="light">
          Go to login
        </Button>
      </Stack>
    </AuthLayout>
  );
}

export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { full_name: '', password: '' },
    validate: {
      full_name: (value) => (value.trim() ? null : 'Enter your name.'),
      password: (value) => (value ? null : 'Enter a password.'),
    },
  });

  if (isApiError(accept.error) && accept.error.status === 410) return <InvitationGone />;

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    accept.mutate(
      { token, full_name: values.full_name.trim(), password: values.password },
      {
        onSuccess: (session) => {
          notifications.show({ color: 'teal', message: `Welcome to ${session.tenant.name}!` });
          void navigate('/', { replace: true });
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 410) return;
          setFormError(applyApiErrors(form, error));
        },
      },
    );
  });

  return (
    <AuthLayout
      title="Join your team on Alva"
      subtitle={`You were invited to ${window.location.host}.`}
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
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
          <TextInput
            label="Your name"
            autoComplete="name"
            required
            key={form.key('full_name')}
            {...form.getInputProps('full_name')}
          />
          <PasswordField
            label="Password"
            description="New to Alva? Choose one with at least 10 characters. Already have an account? Enter its password."
            autoComplete="new-password"
            required
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" size="md" fullWidth loading={accept.isPending}>
            Accept invitation
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
