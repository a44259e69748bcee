// The dashboard frame: store name, navigation (with the Pending Review count), user menu, and for
// owners the billing banner when the plan limits the store.
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
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconKey, IconLogout, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { LogoMark } from '@/components/logo';
import { ROLE_LABELS, roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { pendingCountQuery } from '@/lib/shared-queries';
import { useLogout } from '@/features/auth/api/auth';
import { BillingBanner } from '@/features/billing/components/billing-banner';
import { NAV_ITEMS } from './nav-items';

function isActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}

/** Deliveries waiting for a merchant's decision; refreshed in the background. */
function PendingReviewBadge() {
  const pending = useQuery(pendingCountQuery);
  if (!pending.data) return null;
  return (
    <Tooltip label={`${pending.data} waiting for review`}>
      <Badge
        size="sm"
        variant="filled"
        color="yellow"
        radius="xl"
        aria-label={`${pending.data} pending review`}
        data-testid="pending-review-count"
      >
        {pending.data > 99 ? '99+' : pending.data}
      </Badge>
    </Tooltip>
  );
}

function UserMenu() {
  const session = useSession();
  const logout = useLogout();
  const name = session.user.full_name || session.user.email;

  const onLogout = () => {
    logout.mutate();
  };

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton
          aria-label={`Account menu for ${name}`}
          px="xs"
          py={4}
          style={{ borderRadius: 8 }}
        >
          <Group gap="xs" wrap="nowrap">
            <Avatar size={32} radius="xl" color="initials" name={name} />
            <Box visibleFrom="sm" style={{ lineHeight: 1.2 }}>
              <Text fz="sm" fw={600} truncate maw={160}>
                {name}
              </Text>
              <Text fz="xs" c="dimmed">
                {ROLE_LABELS[session.role]}
              </Text>
            </Box>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as
          <Text fz="sm" c="var(--mantine-color-text)" truncate>
            {session.user.email}
          </Text>
        </Menu.Label>
        <Menu.Divider />
        <Menu.Item
          component={Link}
          to="/settings/team"
          leftSection={<IconUsersGroup size={16} aria-hidden />}
        >
          Team
        </Menu.Item>
        {roleAtLeast(session.role, 'admin') && (
          <Menu.Item
            component={Link}
            to="/settings/api-keys"
            leftSection={<IconKey size={16} aria-hidden />}
          >
            API keys
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Item
          color="red"
          leftSection={<IconLogout size={16} aria-hidden />}
          onClick={onLogout}
        >
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function DashboardShell() {
  const session = useSession();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
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
            <Link to="/" aria-label="Alva home" style={{ display: 'flex' }}>
              <LogoMark size={30} />
            </Link>
            <Divider orientation="vertical" my={14} visibleFrom="xs" />
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Text fw={650} fz="sm" truncate data-testid="store-name">
                {session.tenant.name}
              </Text>
              <Text fz="xs" c="dimmed" truncate>
                {window.location.host}
              </Text>
            </Stack>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2}>
            {NAV_ITEMS.map((item) => {
              const children = item.children?.filter(
                (child) => !child.minRole || roleAtLeast(session.role, child.minRole),
              );
              const here = pathname === item.to;
              return (
                <Fragment key={item.to}>
                  <NavLink
                    component={Link}
                    to={item.to}
                    label={item.label}
                    leftSection={<item.icon size={18} stroke={1.7} aria-hidden />}
                    rightSection={
                      item.badge === 'pending-review' ? <PendingReviewBadge /> : undefined
                    }
                    active={children ? here : isActive(pathname, item.to)}
                    aria-current={here ? 'page' : undefined}
                    onClick={close}
                    style={{ borderRadius: 8 }}
                    fw={500}
                  />
                  {/* Sub-pages stay visible: they are the settings people reach for most. */}
                  {children?.map((child) => (
                    <NavLink
                      key={child.to}
                      component={Link}
                      to={child.to}
                      label={child.label}
                      active={isActive(pathname, child.to)}
                      aria-current={isActive(pathname, child.to) ? 'page' : undefined}
                      onClick={close}
                      pl={44}
                      style={{ borderRadius: 8 }}
                    />
                  ))}
                </Fragment>
              );
            })}
          </Stack>
        </AppShell.Section>
        <AppShell.Section>
          <Text fz="xs" c="dimmed" px="sm" py="xs">
            Alva · digital delivery for Klaviyo
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} bg="gray.0" style={{ outline: 'none' }}>
        <Box maw={1200} mx="auto">
          {/* Only owners may read billing (the API answers 403 to everyone else). */}
          {session.role === 'owner' && <BillingBanner />}
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}
