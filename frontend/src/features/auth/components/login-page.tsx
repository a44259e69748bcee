// Login on a store host; also where sign-up lands with `#handoff=<token>` to open the first session.
import { Alert, Button, Loader, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertCircle, IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '@/components/auth-layout';
import { PasswordField } from '@/components/password-field';
import { isApiError } from '@/lib/api/errors';
import { applyApiErrors } from '@/lib/forms';
import { sessionQuery } from '@/lib/session';
import { useHandoff, useLogin } from '../api/auth';

/** Where to go after logging in: only paths of this app. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function readHandoffToken(): string | null {
  const match = /(?:^#|&)handoff=([^&]+)/.exec(window.location.hash);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

export function loginErrorMessage(error: unknown): string | null {
  if (isApiError(error) && error.status === 429) {
    const minutes = Math.max(1, Math.ceil((error.retryAfterSeconds ?? 60) / 60));
    return `Too many attempts, try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`;
  }
  return null;
}

interface LoginNotice {
  notice?: string;
}

export function LoginPage() {
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const notice = (location.state as LoginNotice | null)?.notice;

  // The token is single-use: read it once, take it out of the address bar, redeem it once.
  const [handoffToken] = useState(readHandoffToken);
  const redeemed = useRef(false);
  const handoff = useHandoff();
  const login = useLogin();
  const session = useQuery({ ...sessionQuery, enabled: !handoffToken });
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!handoffToken || redeemed.current) return;
    redeemed.current = true;
    window.history.replaceState(window.history.state, '', window.location.pathname);
    handoff.mutate(handoffToken, {
      onSuccess: () => {
        void navigate('/', { replace: true });
      },
    });
  }, [handoffToken, handoff, navigate]);

  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: '', password: '' },
    validate: {
      email: (value) => (value.trim() ? null : 'Enter your email.'),
      password: (value) => (value ? null : 'Enter your password.'),
    },
  });

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: () => {
          void navigate(next, { replace: true });
        },
        onError: (error) => {
          setFormError(loginErrorMessage(error) ?? applyApiErrors(form, error));
        },
      },
    );
  });

  if (!handoffToken && session.data) return <Navigate to={next} replace />;

  const host = window.location.host;

  if (handoffToken && !handoff.isError) {
    return (
      <AuthLayout title="Opening your store" subtitle={host}>
        <Stack align="center" gap="sm" py="lg" role="status">
          <Loader />
          <Text c="dimmed">Signing you in…</Text>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title="Log in" subtitle={`to ${host}`}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {handoff.isError && (
            <Alert color="yellow" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
              This sign-in link has expired or was already used. Log in with your email and
              password.
            </Alert>
          )}
          {notice && !formError && (
            <Alert variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
              {notice}
            </Alert>
          )}
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
            label="Email"
            type="email"
            autoComplete="username"
            required
            key={form.key('email')}
            {...form.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            autoComplete="current-password"
            required
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <Button type="submit" size="md" fullWidth loading={login.isPending}>
            Log in
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
