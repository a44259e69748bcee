// The signed-in person's menu at the right of the header: their avatar, who they are signed in as,
// the app's own items, and signing out.
import { Avatar, Group, Menu, Text, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import type { ReactNode } from 'react';

export function AccountMenu({
  name,
  email,
  summary,
  width,
  children,
  signOutLabel,
  onSignOut,
}: {
  /** Who the menu belongs to: its accessible name and the avatar's initials. */
  name: string;
  email: string;
  /** Beside the avatar on wider screens. */
  summary: ReactNode;
  width: number;
  /** The app's items between "Signed in as" and signing out. */
  children?: ReactNode;
  signOutLabel: string;
  onSignOut: () => void;
}) {
  return (
    <Menu position="bottom-end" width={width} shadow="md">
      <Menu.Target>
        <UnstyledButton
          aria-label={`Account menu for ${name}`}
          px="xs"
          py={4}
          style={{ borderRadius: 8 }}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="initials" name={name} />
            {summary}
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as
          <Text fz="sm" c="var(--mantine-color-text)" truncate>
            {email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        {children}
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={onSignOut}
        >
          {signOutLabel}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
