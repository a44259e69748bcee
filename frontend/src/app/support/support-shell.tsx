// The support console's frame: "Staff only", navigation, the signed-in staff member and sign-out.
import {
  AppShell,
  Avatar,
  Badge,
  Box,
  Burger,
  Divider,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout } from '@tabler/icons-react';
import { Link, Outlet, useLocation } from 'react-router';
import { LogoMark } from '@/components/logo';
import { useStaffLogout, useStaffSession } from '@/features/support/api/session';
import { SUPPORT_NAV_ITEMS } from './nav-items';

function isActive(pathname: string, to: string): boolean {
  return pathname === to || pathname.startsWith(`${to}/`);
}

function StaffMenu() {
  const staff = useStaffSession();
  const logout = useStaffLogout();
  return (
    <Menu position="bottom-end" width={260} shadow="md">
      <Menu.Target>
        <UnstyledButton
          aria-label={`Account menu for ${staff.email}`}
          px="xs"
          py={4}
          style={{ borderRadius: 8 }}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="initials" name={staff.email} />
            <Text fz="sm" fw={600} truncate maw={200} visibleFrom="sm">
              {staff.email}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as
          <Text fz="sm" c="var(--mantine-color-text)" truncate>
            {staff.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={() => {
            logout.mutate();
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function SupportShell() {
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', sm: 'xl' }}
    >
      <a href="#main" className="alva-skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Link to="/tenants" aria-label="Support console home" style={{ display: 'flex' }}>
              <LogoMark size={30} />
            </Link>
            <Divider orientation="vertical" my={14} visibleFrom="xs" />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={650} fz="sm" truncate>
                Support console
              </Text>
              <Text fz="xs" c="dimmed" truncate>
                {window.location.host}
              </Text>
            </Stack>
            <Badge variant="light" color="red" radius="sm" visibleFrom="xs">
              Staff only
            </Badge>
          </Group>
          <StaffMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {SUPPORT_NAV_ITEMS.map((item) => {
              const active = isActive(pathname, item.to);
              return (
                <NavLink
                  key={item.to}
                  component={Link}
                  to={item.to}
                  label={item.label}
                  leftSection={<item.icon size={18} stroke={1.7} aria-hidden />}
                  active={active}
                  aria-current={active ? 'page' : undefined}
                  onClick={close}
                  style={{ borderRadius: 8 }}
                  fw={500}
                />
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text fz="xs" c="dimmed" px="sm" py="xs">
            Every action here is recorded in the audit log.
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} bg="gray.0" style={{ outline: 'none' }}>
        <Box maw={1200} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
