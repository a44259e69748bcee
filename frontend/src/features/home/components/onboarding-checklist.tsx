// The path from a new store to its first delivery (product spec §6). The steps are placeholders
// until the Klaviyo connection, bundles and webhooks exist; then each one reports its own state.
import { Badge, Card, Group, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import {
  IconMailForward,
  IconPackage,
  IconPlugConnected,
  IconSend,
  IconWebhook,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

interface Step {
  title: string;
  description: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
}

export const ONBOARDING_STEPS: Step[] = [
  {
    title: 'Connect Klaviyo',
    description: 'Let Alva send delivery events into your Klaviyo account.',
    icon: IconPlugConnected,
  },
  {
    title: 'Create a bundle and upload its files',
    description: 'The files a customer receives together, with download limits you choose.',
    icon: IconPackage,
  },
  {
    title: 'Add the webhook to a Klaviyo flow',
    description: "Paste the bundle's webhook URL, secret and body template into a Webhook action.",
    icon: IconWebhook,
  },
  {
    title: 'Create the “Alva Download Ready” email flow',
    description: 'Triggered by Alva’s event, it emails your customer the download link.',
    icon: IconMailForward,
  },
  {
    title: 'Send a test',
    description: 'Run a test delivery through the whole pipeline to your own inbox.',
    icon: IconSend,
  },
];

export function OnboardingChecklist() {
  const done = 0;
  return (
    <Card>
      <Group justify="space-between" align="flex-start" mb="xs">
        <Stack gap={2}>
          <Title order={2} fz="lg">
            Get ready for your first delivery
          </Title>
          <Text c="dimmed" fz="sm">
            Five steps, about fifteen minutes.
          </Text>
        </Stack>
        <Text fz="sm" c="dimmed" fw={500}>
          {done} of {ONBOARDING_STEPS.length} done
        </Text>
      </Group>
      <Progress
        value={(done / ONBOARDING_STEPS.length) * 100}
        size="sm"
        radius="xl"
        mb="lg"
        aria-label="Onboarding progress"
      />
      <Stack component="ol" gap={0} p={0} m={0} style={{ listStyle: 'none' }}>
        {ONBOARDING_STEPS.map((step, index) => (
          <Group
            component="li"
            key={step.title}
            wrap="nowrap"
            align="flex-start"
            gap="md"
            py="md"
            style={{
              borderTop: index === 0 ? undefined : '1px solid var(--mantine-color-gray-2)',
            }}
          >
            <ThemeIcon size={38} radius="md" variant="light" color={index === 0 ? 'alva' : 'gray'}>
              <step.icon size={20} aria-hidden />
            </ThemeIcon>
            <Stack gap={2} style={{ flex: 1 }}>
              <Text fw={600} fz="sm">
                <Text span c="dimmed" fz="sm" fw={500}>
                  {index + 1}.{' '}
                </Text>
                {step.title}
              </Text>
              <Text c="dimmed" fz="sm">
                {step.description}
              </Text>
            </Stack>
            <Badge
              variant="light"
              color="gray"
              radius="sm"
              visibleFrom="sm"
              style={{ flexShrink: 0 }}
            >
              Coming soon
            </Badge>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
