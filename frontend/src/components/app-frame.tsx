// The frame around a signed-in app (the merchant dashboard, the support console): a header with the
// logo, what this app is and the account menu; a navigation bar a burger opens on small screens; and
// the main area, which the skip link jumps to.
import { AppShell, Box, Burger, Divider, Group, ScrollArea, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { LogoMark } from './logo';

export function AppFrame({
  home,
  title,
  account,
  navbarWidth,
  navigation,
  navbarFooter,
  children,
}: {
  /** Where the logo leads, and its accessible name. */
  home: { to: string; label: string };
  /** Beside the logo: which store or app this is. */
  title: ReactNode;
  account: ReactNode;
  navbarWidth: number;
  /** The links; each calls `closeNavigation` so the mobile navigation folds away once used. */
  navigation: (closeNavigation: () => void) => ReactNode;
  navbarFooter: string;
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure(false);

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: navbarWidth, breakpoint: 'sm', collapsed: { mobile: !opened } }}
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
            <Link to={home.to} aria-label={home.label} style={{ display: 'flex' }}>
              <LogoMark size={30} />
            </Link>
            <Divider orientation="vertical" my={14} visibleFrom="xs" />
            {title}
          </Group>
          {account}
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          {navigation(close)}
        </AppShell.Section>
        <AppShell.Section>
          <Text fz="xs" c="dimmed" px="sm" py="xs">
            {navbarFooter}
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1} bg="gray.0" style={{ outline: 'none' }}>
        <Box maw={1200} mx="auto">
          {children}
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

/** Whether a navigation link points at the page shown or one of its sub-pages. */
export function isNavActive(pathname: string, to: string): boolean {
  return to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`);
}
