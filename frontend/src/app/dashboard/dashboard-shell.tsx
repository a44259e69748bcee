// The dashboard frame: store name, navigation (with the Pending Review count), user menu, and for
// owners the billing banner when the plan limits the store.
import { Badge, Box, Menu, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import { IconKey, IconUsersGroup } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Fragment } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { AccountMenu } from '@/components/account-menu';
import { AppFrame, isNavActive } from '@/components/app-frame';
import { ROLE_LABELS, roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { pendingCountQuery } from '@/lib/shared-queries';
import { useLogout } from '@/features/auth/api/auth';
import { BillingBanner } from '@/features/billing/components/billing-banner';
import { NAV_ITEMS } from './nav-items';

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

  return (
    <AccountMenu
      name={name}
      email={session.user.email}
      summary={
        <Box visibleFrom="sm" style={{ lineHeight: 1.2 }}>
          <Text fz="sm" fw={600} truncate maw={160}>
            {name}
          </Text>
          <Text fz="xs" c="dimmed">
            {ROLE_LABELS[session.role]}
          </Text>
        </Box>
      }
      width={240}
      signOutLabel="Log out"
      onSignOut={() => {
        logout.mutate();
      }}
    >
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
    </AccountMenu>
  );
}

export function DashboardShell() {
  const session = useSession();
  const { pathname } = useLocation();

  return (
    <AppFrame
      home={{ to: '/', label: 'Alva home' }}
      title={
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text fw={650} fz="sm" truncate data-testid="store-name">
            {session.tenant.name}
          </Text>
          <Text fz="xs" c="dimmed" truncate>
            {window.location.host}
          </Text>
        </Stack>
      }
      account={<UserMenu />}
      navbarWidth={248}
      navigation={(closeNavigation) => (
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
                  active={children ? here : isNavActive(pathname, item.to)}
                  aria-current={here ? 'page' : undefined}
                  onClick={closeNavigation}
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
                    active={isNavActive(pathname, child.to)}
                    aria-current={isNavActive(pathname, child.to) ? 'page' : undefined}
                    onClick={closeNavigation}
                    pl={44}
                    style={{ borderRadius: 8 }}
                  />
                ))}
              </Fragment>
            );
          })}
        </Stack>
      )}
      navbarFooter="Alva · digital delivery for Klaviyo"
    >
      {/* Only owners may read billing (the API answers 403 to everyone else). */}
      {session.role === 'owner' && <BillingBanner />}
      <Outlet />
    </AppFrame>
  );
}
