// Sign-up: create a store and its owner, then hand the browser over to the new store's host.
import {
  Alert,
  Button,
  Group,
  List,
  Loader,
  Stack,
  Text,
  TextInput,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import {
  IconAlertCircle,
  IconBolt,
  IconCircleCheck,
  IconCircleX,
  IconLock,
  IconMail,
} from '@tabler/icons-react';
import { useState } from 'react';
import { AuthLayout } from '@/components/auth-layout';
import { PasswordField } from '@/components/password-field';
import { redirectTo } from '@/lib/browser';
import { applyApiErrors } from '@/lib/forms';
import { useSignup, useSubdomainAvailability } from '../api/signup';
import { cleanSubdomainInput, suggestSubdomain } from './subdomain';

interface SignupValues {
  store_name: string;
  subdomain: string;
  email: string;
  password: string;
}

function SubdomainStatus({
  subdomain,
  appDomain,
  pending,
  available,
}: {
  subdomain: string;
  appDomain: string;
  pending: boolean;
  available: boolean | undefined;
}) {
  if (!subdomain) return <>Your dashboard&apos;s address. Letters, digits and hyphens.</>;
  if (pending) {
    return (
      <Group gap={6} component="span">
        <Loader size={12} /> Checking {subdomain}.{appDomain}…
      </Group>
    );
  }
  if (available) {
    return (
      <Group gap={6} component="span" c="teal.7">
        <IconCircleCheck size={14} aria-hidden /> {subdomain}.{appDomain} is available
      </Group>
    );
  }
  return <>Your dashboard&apos;s address.</>;
}

const PITCH = [
  {
    icon: IconBolt,
    title: 'Files out the door in seconds',
    text: 'Klaviyo calls Alva, Alva creates a secure download link and fires the event your email flow sends.',
  },
  {
    icon: IconLock,
    title: 'Links that protect your work',
    text: 'Expiring, download-limited links and fraud checks before anything is released.',
  },
  {
    icon: IconMail,
    title: 'Your emails, your brand',
    text: 'Alva never emails your customers itself: everything goes through your own Klaviyo flows.',
  },
];

function Pitch() {
  return (
    <Stack gap="lg">
      <Title order={2} fz={30} lh={1.2}>
        Deliver digital products through the Klaviyo flows you already run.
      </Title>
      <List
        spacing="lg"
        listStyleType="none"
        styles={{ itemWrapper: { alignItems: 'flex-start' } }}
      >
        {PITCH.map(({ icon: Icon, title, text }) => (
          <List.Item
            key={title}
            icon={
              <ThemeIcon size={34} radius="md" variant="light">
                <Icon size={18} aria-hidden />
              </ThemeIcon>
            }
          >
            <Text fw={600}>{title}</Text>
            <Text c="dimmed" fz="sm">
              {text}
            </Text>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

export function SignupPage({ appDomain }: { appDomain: string }) {
  const [subdomainEdited, setSubdomainEdited] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const signup = useSignup();

  const form = useForm<SignupValues>({
    mode: 'controlled',
    initialValues: { store_name: '', subdomain: '', email: '', password: '' },
    validate: {
      store_name: (value) => (value.trim() ? null : "Enter your store's name."),
      subdomain: (value) => (value.trim() ? null : 'Choose the address of your dashboard.'),
      email: (value) =>
        /^\S+@\S+\.\S+$/.test(value.trim()) ? null : 'Enter a valid email address.',
      password: (value) => (value.length >= 10 ? null : 'Use at least 10 characters.'),
    },
  });

  const subdomain = form.values.subdomain.trim();
  const [debounced] = useDebouncedValue(subdomain, 350);
  const availability = useSubdomainAvailability(debounced);
  const settled = debounced === subdomain;
  const checked =
    settled && availability.data?.subdomain === subdomain ? availability.data : undefined;
  const unavailable = checked && !checked.available ? checked.errors.join(' ') : null;
  const pending = !!subdomain && (!settled || availability.isFetching);

  const onSubmit = form.onSubmit((values) => {
    setFormError(null);
    if (unavailable) {
      form.setFieldError('subdomain', unavailable);
      return;
    }
    signup.mutate(
      {
        store_name: values.store_name.trim(),
        subdomain: values.subdomain.trim(),
        email: values.email.trim(),
        password: values.password,
      },
      {
        onSuccess: (result) => {
          redirectTo(result.login_url);
        },
        onError: (error) => {
          setFormError(
            applyApiErrors(form, error, {
              subdomain_taken: 'subdomain',
              email_registered: 'email',
            }),
          );
        },
      },
    );
  });

  const suffix = `.${appDomain}`;
  const redirecting = signup.isSuccess;

  return (
    <AuthLayout
      title="Create your store"
      subtitle="Start delivering files from your Klaviyo flows. No credit card needed."
      aside={<Pitch />}
      footer={
        <>Already have a store? Log in at your store&apos;s address, e.g. yourstore{suffix}</>
      }
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
              {formError}
            </Alert>
          )}
          <TextInput
            label="Store name"
            placeholder="Northern Light Presets"
            autoComplete="organization"
            required
            {...form.getInputProps('store_name')}
            onChange={(event) => {
              const value = event.currentTarget.value;
              form.setFieldValue('store_name', value);
              if (!subdomainEdited) form.setFieldValue('subdomain', suggestSubdomain(value));
            }}
          />
          <TextInput
            label="Dashboard address"
            placeholder="northern-light"
            autoComplete="off"
            spellCheck={false}
            required
            {...form.getInputProps('subdomain')}
            onChange={(event) => {
              setSubdomainEdited(true);
              form.setFieldValue('subdomain', cleanSubdomainInput(event.currentTarget.value));
            }}
            error={form.errors.subdomain ?? unavailable}
            errorProps={{ role: 'alert' }}
            description={
              <SubdomainStatus
                subdomain={subdomain}
                appDomain={appDomain}
                pending={pending}
                available={checked?.available}
              />
            }
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            rightSection={
              <Group gap={4} wrap="nowrap" pr="sm" c="dimmed" fz="sm">
                {unavailable && (
                  <IconCircleX size={14} color="var(--mantine-color-red-6)" aria-hidden />
                )}
                <span>{suffix}</span>
              </Group>
            }
            rightSectionWidth={suffix.length * 7.5 + 32}
            rightSectionPointerEvents="none"
          />
          <TextInput
            label="Work email"
            placeholder="you@yourstore.com"
            type="email"
            autoComplete="email"
            required
            {...form.getInputProps('email')}
          />
          <PasswordField
            label="Password"
            description="At least 10 characters. Already have an Alva account? Use its password."
            autoComplete="new-password"
            required
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            {...form.getInputProps('password')}
          />
          <Button
            type="submit"
            size="md"
            fullWidth
            loading={signup.isPending || redirecting}
            mt="xs"
          >
            Create my store
          </Button>
          {redirecting && (
            <Text fz="sm" c="dimmed" ta="center" role="status">
              Your store is ready. Taking you to your dashboard…
            </Text>
          )}
        </Stack>
      </form>
    </AuthLayout>
  );
}
