// Building blocks of the console's detail pages: a titled card and the link back to the list (the
// label/value rows are @/components/detail-row, shared with the dashboard).
import { Anchor, Card, Group, Stack, Title } from '@mantine/core';
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
