// The frame of the pages people see before they are in a store: sign-up, login, invitations.
import { Box, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Logo } from './logo';

export function AuthLayout({
  title,
  subtitle,
  children,
  footer,
  aside,
  width = 440,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  /** A panel shown beside the card on wide screens (sign-up's pitch). */
  aside?: ReactNode;
  width?: number;
}) {
  const card = (
    <Stack w="100%" maw={width} gap="lg">
      <Center hiddenFrom={aside ? 'md' : undefined}>
        <Logo size={34} />
      </Center>
      <Paper withBorder shadow="sm" p={{ base: 'lg', sm: 32 }}>
        <Stack gap={4} mb="lg">
          <Title order={1} fz={24}>
            {title}
          </Title>
          {subtitle && (
            <Text c="dimmed" fz="sm">
              {subtitle}
            </Text>
          )}
        </Stack>
        {children}
      </Paper>
      {footer && (
        <Text ta="center" fz="sm" c="dimmed">
          {footer}
        </Text>
      )}
      <Text ta="center" fz="xs" c="dimmed">
        Alva · digital delivery for Klaviyo merchants
      </Text>
    </Stack>
  );

  return (
    <Box
      component="main"
      mih="100vh"
      style={{
        background:
          'radial-gradient(1200px 600px at 10% -10%, var(--mantine-color-alva-0), transparent 60%), radial-gradient(900px 500px at 110% 110%, var(--mantine-color-alva-1), transparent 60%), var(--mantine-color-gray-0)',
      }}
    >
      <Center mih="100vh" p="md">
        {aside ? (
          <Group align="center" justify="center" gap={64} wrap="nowrap" w="100%" maw={1040}>
            <Box visibleFrom="md" maw={440}>
              <Stack gap="xl">
                <Logo size={34} />
                {aside}
              </Stack>
            </Box>
            {card}
          </Group>
        ) : (
          card
        )}
      </Center>
    </Box>
  );
}
