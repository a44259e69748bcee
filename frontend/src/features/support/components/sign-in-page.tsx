// Staff sign-in on support.{APP_DOMAIN}: email and password, then a TOTP code. Staff without an
// authenticator yet set one up here (the secret is shown once) and confirm it with its first code.
import { Alert, Anchor, Button, Group, List, Stack, Text, TextInput } from '@mantine/core';
import { useForm, type GetInputPropsReturnType } from '@mantine/form';
import { IconAlertCircle, IconArrowLeft, IconInfoCircle } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '@/components/auth-layout';
import { CopyField } from '@/components/copy-field';
import { PasswordField } from '@/components/password-field';
import { isApiError } from '@/lib/api/errors';
import { applyApiErrors } from '@/lib/forms';
import {
  staffSessionEndNotice,
  staffSessionQuery,
  totpSecretOf,
  useStaffLogin,
  useTotpConfirm,
  useTotpSetup,
  type Credentials,
} from '../api/session';

type Step = 'credentials' | 'code' | 'enrol';

/** Where to go after signing in: only paths of this app. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** "123 456" -> "123456"; null unless six digits remain. */
export function normaliseCode(value: string): string | null {
  const code = value.replace(/\s+/g, '');
  return /^\d{6}$/.test(code) ? code : null;
}

function tooManyAttempts(error: unknown): string | null {
  if (isApiError(error) && error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
    return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  }
  return null;
}

const codeRule = (value: string) =>
  normaliseCode(value) ? null : 'Enter the 6-digit code from your authenticator app.';

function ErrorAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert
      color="red"
      variant="light"
      icon={<IconAlertCircle size={18} aria-hidden />}
      role="alert"
    >
      {message}
    </Alert>
  );
}

function Notice({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <Alert variant="light" icon={<IconInfoCircle size={18} aria-hidden />} role="status">
      {message}
    </Alert>
  );
}

function CodeField(props: GetInputPropsReturnType) {
  return (
    <TextInput
      label="Authentication code"
      description="The 6-digit code your authenticator app shows for Alva Support."
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={16}
      required
      data-autofocus
      {...props}
    />
  );
}

export function SignInPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const session = useQuery(staffSessionQuery);
  const login = useStaffLogin();
  const setup = useTotpSetup();
  const confirm = useTotpConfirm();

  const [step, setStep] = useState<Step>('credentials');
  const [credentials, setCredentials] = useState<Credentials | null>(null);
  const [provisioningUri, setProvisioningUri] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(() => staffSessionEndNotice(queryClient));
  const [expired, setExpired] = useState(false);

  const credentialsForm = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (value.trim() ? null : 'Enter your email.'),
      password: (value) => (value ? null : 'Enter your password.'),
    },
  });
  const codeForm = useForm({
    mode: 'uncontrolled',
    initialValues: { totp: '' },
    validate: { totp: codeRule },
  });
  const enrolForm = useForm({
    mode: 'uncontrolled',
    initialValues: { code: '' },
    validate: { code: codeRule },
  });

  const done = () => {
    void navigate(next, { replace: true });
  };

  const backToCredentials = (message: string | null) => {
    setStep('credentials');
    setFormError(message);
    codeForm.reset();
    enrolForm.reset();
  };

  const startEnrolment = (given: Credentials) => {
    setFormError(null);
    setExpired(false);
    setup.mutate(given, {
      onSuccess: (answer) => {
        setProvisioningUri(answer.provisioning_uri);
        enrolForm.reset();
        setNotice(null);
        setStep('enrol');
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'totp_already_enrolled') {
          setStep('code');
          setNotice(
            'Two-factor authentication is already set up for this account: enter a code from your authenticator app.',
          );
          return;
        }
        const limited = tooManyAttempts(error);
        if (limited) {
          setFormError(limited);
          return;
        }
        backToCredentials(applyApiErrors(credentialsForm, error));
      },
    });
  };

  const onCredentials = credentialsForm.onSubmit((values) => {
    setFormError(null);
    setCredentials({ email: values.email.trim(), password: values.password });
    codeForm.reset();
    setStep('code');
  });

  const onCode = codeForm.onSubmit((values) => {
    if (!credentials) return;
    setFormError(null);
    setNotice(null);
    login.mutate(
      { ...credentials, totp: normaliseCode(values.totp) ?? values.totp },
      {
        onSuccess: done,
        onError: (error) => {
          if (isApiError(error) && error.code === 'totp_enrolment_required') {
            startEnrolment(credentials);
            return;
          }
          const limited = tooManyAttempts(error);
          if (limited) {
            setFormError(limited);
            return;
          }
          if (isApiError(error) && ('email' in error.fields || 'password' in error.fields)) {
            backToCredentials(applyApiErrors(credentialsForm, error));
            return;
          }
          codeForm.setFieldValue('totp', '');
          setFormError(applyApiErrors(codeForm, error));
        },
      },
    );
  });

  const onEnrol = enrolForm.onSubmit((values) => {
    setFormError(null);
    confirm.mutate(normaliseCode(values.code) ?? values.code, {
      onSuccess: done,
      onError: (error) => {
        if (isApiError(error) && error.code === 'totp_already_enrolled') {
          setStep('code');
          setNotice(error.message);
          return;
        }
        setExpired(isApiError(error) && error.code === 'enrolment_expired');
        enrolForm.setFieldValue('code', '');
        setFormError(tooManyAttempts(error) ?? applyApiErrors(enrolForm, error));
      },
    });
  });

  if (session.data) return <Navigate to={next} replace />;

  if (step === 'enrol' && credentials && provisioningUri) {
    const secret = totpSecretOf(provisioningUri);
    return (
      <AuthLayout
        title="Set up two-factor authentication"
        subtitle={`for ${credentials.email}`}
        width={520}
      >
        <form onSubmit={onEnrol} noValidate>
          <Stack gap="md">
            <List type="ordered" size="sm" spacing={6}>
              <List.Item>
                Open your authenticator app (1Password, Google Authenticator, Authy…) and add an
                account by entering the secret below, or open the otpauth link on this device.
              </List.Item>
              <List.Item>Enter the 6-digit code it shows to finish.</List.Item>
            </List>
            <Alert
              color="yellow"
              variant="light"
              icon={<IconInfoCircle size={18} aria-hidden />}
              role="note"
            >
              The secret is shown only now. Do not share it or store it anywhere else.
            </Alert>
            {secret && <CopyField label="Secret key" value={secret} monospace />}
            <CopyField label="otpauth URI" value={provisioningUri} monospace />
            <ErrorAlert message={formError} />
            {expired && (
              <Button
                variant="light"
                onClick={() => {
                  startEnrolment(credentials);
                }}
                loading={setup.isPending}
              >
                Start the setup again
              </Button>
            )}
            <CodeField key={enrolForm.key('code')} {...enrolForm.getInputProps('code')} />
            <Button type="submit" size="md" fullWidth loading={confirm.isPending}>
              Confirm and sign in
            </Button>
            <Anchor
              component="button"
              type="button"
              fz="sm"
              onClick={() => {
                backToCredentials(null);
              }}
            >
              Cancel
            </Anchor>
          </Stack>
        </form>
      </AuthLayout>
    );
  }

  if (step === 'code' && credentials) {
    return (
      <AuthLayout title="Enter your authentication code" subtitle={credentials.email}>
        <form onSubmit={onCode} noValidate>
          <Stack gap="md">
            <Notice message={notice} />
            <ErrorAlert message={formError} />
            <CodeField key={codeForm.key('totp')} {...codeForm.getInputProps('totp')} />
            <Button type="submit" size="md" fullWidth loading={login.isPending || setup.isPending}>
              Sign in
            </Button>
            <Group justify="space-between" gap="xs">
              <Anchor
                component="button"
                type="button"
                fz="sm"
                onClick={() => {
                  backToCredentials(null);
                }}
              >
                <Group gap={4} component="span">
                  <IconArrowLeft size={14} aria-hidden />
                  Back
                </Group>
              </Anchor>
              <Anchor
                component="button"
                type="button"
                fz="sm"
                onClick={() => {
                  startEnrolment(credentials);
                }}
              >
                First time? Set up your authenticator
              </Anchor>
            </Group>
          </Stack>
        </form>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Support console" subtitle="Sign in with your Alva staff account.">
      <form onSubmit={onCredentials} noValidate>
        <Stack gap="md">
          <Notice message={formError ? null : notice} />
          <ErrorAlert message={formError} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            key={credentialsForm.key('email')}
            {...credentialsForm.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            autoComplete="current-password"
            required
            key={credentialsForm.key('password')}
            {...credentialsForm.getInputProps('password')}
          />
          <Button type="submit" size="md" fullWidth>
            Continue
          </Button>
          <Text fz="xs" c="dimmed" ta="center">
            Next you enter a code from your authenticator app.
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
