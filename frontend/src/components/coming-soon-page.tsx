// The page behind navigation items whose screens are still being built.
import { Badge, Card, Group, List, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconCircleCheck, IconSparkles } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function ComingSoonPage({
  title,
  icon,
  summary,
  highlights,
}: {
  title: string;
  icon?: ReactNode;
  summary: string;
  highlights: string[];
}) {
  return (
    <Stack gap="xl" maw={720}>
      <Group gap="sm">
        <Title order={1} fz={26}>
          {title}
        </Title>
        <Badge variant="light" leftSection={<IconSparkles size={12} aria-hidden />}>
          Coming soon
        </Badge>
      </Group>
      <Card>
        <Group align="flex-start" wrap="nowrap" gap="lg">
          <ThemeIcon size={48} radius="md" variant="light">
            {icon ?? <IconSparkles size={26} aria-hidden />}
          </ThemeIcon>
          <Stack gap="sm">
            <Text fw={600}>We are building this right now.</Text>
            <Text c="dimmed">{summary}</Text>
            <List
              spacing={6}
              size="sm"
              icon={
                <ThemeIcon size={18} radius="xl" variant="light" color="teal">
                  <IconCircleCheck size={12} aria-hidden />
                </ThemeIcon>
              }
            >
              {highlights.map((item) => (
                <List.Item key={item}>{item}</List.Item>
              ))}
            </List>
          </Stack>
        </Group>
      </Card>
    </Stack>
  );
}
