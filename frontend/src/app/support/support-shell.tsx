// The support console's frame: "Staff only", navigation, the signed-in staff member and sign-out.
import { Badge, NavLink, Stack, Text } from '@mantine/core';
import { Link, Outlet, useLocation } from 'react-router';
import { AccountMenu } from '@/components/account-menu';
import { AppFrame, isNavActive } from '@/components/app-frame';
import { useStaffLogout, useStaffSession } from '@/features/support/api/session';
import { SUPPORT_NAV_ITEMS } from './nav-items';

function StaffMenu() {
  const staff = useStaffSession();
  const logout = useStaffLogout();
  return (
    <AccountMenu
      name={staff.email}
      email={staff.email}
      summary={
        <Text fz="sm" fw={600} truncate maw={200} visibleFrom="sm">
          {staff.email}
        </Text>
      }
      width={260}
      signOutLabel="Sign out"
      onSignOut={() => {
        logout.mutate();
      }}
    />
  );
}

export function SupportShell() {
  const { pathname } = useLocation();

  return (
    <AppFrame
      home={{ to: '/tenants', label: 'Support console home' }}
      title={
        <>
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
        </>
      }
      account={<StaffMenu />}
      navbarWidth={232}
      navigation={(closeNavigation) => (
        <Stack gap={2}>
          {SUPPORT_NAV_ITEMS.map((item) => {
            const active = isNavActive(pathname, item.to);
            return (
              <NavLink
                key={item.to}
                component={Link}
                to={item.to}
                label={item.label}
                leftSection={<item.icon size={18} stroke={1.7} aria-hidden />}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={closeNavigation}
                style={{ borderRadius: 8 }}
                fw={500}
              />
            );
          })}
        </Stack>
      )}
      navbarFooter="Every action here is recorded in the audit log."
    >
      <Outlet />
    </AppFrame>
  );
}
