// Settings hub: one card per settings screen, each linking to it; cards of screens a role cannot
// use are left out.
import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import {
  IconAdjustments,
  IconBrush,
  IconCreditCard,
  IconFileSettings,
  IconListDetails,
  IconKey,
  IconPlugConnected,
  IconShieldCheck,
  IconUsersGroup,
  IconWebhook,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import type { Role } from '@/lib/api/types';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';

interface Section {
  title: string;
  description: string;
  icon: ComponentType<{ size?: number; 'aria-hidden'?: boolean }>;
  to: string;
  minRole?: Role;
}

const SECTIONS: Section[] = [
  {
    title: 'Team',
    description: 'Members, roles and invitations.',
    icon: IconUsersGroup,
    to: '/settings/team',
  },
  {
    title: 'API keys',
    description: 'Keys for your own scripts and integrations.',
    icon: IconKey,
    to: '/settings/api-keys',
    minRole: 'admin',
  },
  {
    title: 'Klaviyo connection',
    description: 'Connect the account Alva sends events to.',
    icon: IconPlugConnected,
    to: '/settings/klaviyo',
  },
  {
    title: 'Webhook configuration',
    description: 'Endpoint URLs, the secret and the body template, Send Test.',
    icon: IconWebhook,
    to: '/settings/webhook',
  },
  {
    title: 'Webhook log',
    description: 'Every call to your webhooks, accepted or not, and why.',
    icon: IconListDetails,
    to: '/settings/webhook-log',
  },
  {
    title: 'Fraud protection',
    description: 'Thresholds, block and allow lists.',
    icon: IconShieldCheck,
    to: '/settings/fraud',
  },
  {
    title: 'Files',
    description: 'Which file types bundles may contain.',
    icon: IconFileSettings,
    to: '/settings/files',
  },
  {
    title: 'Download page and retention',
    description:
      'Logo, brand colour and support email on the download page; how long customer data is kept.',
    icon: IconBrush,
    to: '/settings/store',
  },
  {
    title: 'Delivery defaults',
    description: 'The link lifetime, download and IP limits every new bundle starts with.',
    icon: IconAdjustments,
    to: '/settings/delivery-defaults',
  },
  {
    title: 'Plan and billing',
    description: 'Your plan, usage, upgrades and payment details.',
    icon: IconCreditCard,
    to: '/settings/billing',
    minRole: 'owner',
  },
];

function SectionCard({ section }: { section: Section }) {
  return (
    <Card component={Link} to={section.to} style={{ textDecoration: 'none', color: 'inherit' }}>
      <Group wrap="nowrap" align="flex-start" gap="md">
        <ThemeIcon size={40} radius="md" variant="light" color="alva">
          <section.icon size={20} aria-hidden />
        </ThemeIcon>
        <Stack gap={2} style={{ flex: 1 }}>
          <Text fw={600}>{section.title}</Text>
          <Text fz="sm" c="dimmed">
            {section.description}
          </Text>
        </Stack>
      </Group>
    </Card>
  );
}

export function SettingsPage() {
  const session = useSession();
  const sections = SECTIONS.filter((s) => !s.minRole || roleAtLeast(session.role, s.minRole));
  return (
    <>
      <PageHeader title="Settings" description={`How ${session.tenant.name} works with Alva.`} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        {sections.map((section) => (
          <SectionCard key={section.title} section={section} />
        ))}
      </SimpleGrid>
    </>
  );
}
