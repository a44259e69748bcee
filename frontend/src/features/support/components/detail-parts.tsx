// Building blocks of the console's detail pages: a titled card and label/value rows.
import { Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';

export function DetailCard({
  title,
  children,
  actions,
}: {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <Card component="section" aria-label={title} padding="lg">
      <Group justify="space-between" mb="sm" gap="xs">
        <Title order={2} fz="sm" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.05em' }}>
          {title}
        </Title>
        {actions}
      </Group>
      <Stack gap={8}>{children}</Stack>
    </Card>
  );
}

export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md" align="flex-start">
      <Text fz="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text
        fz="sm"
        fw={500}
        ta="right"
        style={{ minWidth: 0, overflowWrap: 'anywhere' }}
        component="div"
      >
        {children}
      </Text>
    </Group>
  );
}

export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Anchor component={Link} to={to} fz="sm" mb="xs" display="inline-block">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {children}
      </Group>
    </Anchor>
  );
}
