// A person in a table row: initials, name and email.
import { Avatar, Group, Stack, Text } from '@mantine/core';

function initials(name: string, email: string): string {
  const source = name.trim() || email;
  const parts = source.split(/[\s@._-]+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '') + (parts[1]?.[0] ?? '')).toUpperCase() || '?';
}

export function MemberAvatar({ name, email, you }: { name: string; email: string; you?: boolean }) {
  return (
    <Group gap="sm" wrap="nowrap">
      <Avatar radius="xl" size={34} color="initials" name={name || email}>
        {initials(name, email)}
      </Avatar>
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text fz="sm" fw={600} truncate>
          {name || email}
          {you && (
            <Text span c="dimmed" fw={400} fz="sm">
              {' '}
              (you)
            </Text>
          )}
        </Text>
        {name && (
          <Text fz="xs" c="dimmed" truncate>
            {email}
          </Text>
        )}
      </Stack>
    </Group>
  );
}
