// Dashboard home: a greeting, the onboarding checklist and the store at a glance.
import { Button, Card, Grid, Group, Stack, Text, Title } from '@mantine/core';
import { IconUserPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { ROLE_LABELS, roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { OnboardingChecklist } from './onboarding-checklist';

function greeting(fullName: string, storeName: string): string {
  const first = fullName.trim().split(/\s+/)[0];
  return first ? `Welcome, ${first}` : `Welcome to ${storeName}`;
}

export function HomePage() {
  const session = useSession();
  const storeAddress = window.location.host;
  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1} fz={26}>
          {greeting(session.user.full_name, session.tenant.name)}
        </Title>
        <Text c="dimmed">Here is how to get {session.tenant.name} delivering files.</Text>
      </Stack>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <OnboardingChecklist />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Stack gap="xl">
            <Card>
              <Title order={2} fz="md" mb="sm">
                Your store
              </Title>
              <Stack gap="xs">
                <Group justify="space-between" wrap="nowrap">
                  <Text fz="sm" c="dimmed">
                    Name
                  </Text>
                  <Text fz="sm" fw={500} truncate>
                    {session.tenant.name}
                  </Text>
                </Group>
                <Group justify="space-between" wrap="nowrap">
                  <Text fz="sm" c="dimmed">
                    Address
                  </Text>
                  <Text fz="sm" fw={500} truncate>
                    {storeAddress}
                  </Text>
                </Group>
                <Group justify="space-between" wrap="nowrap">
                  <Text fz="sm" c="dimmed">
                    Your role
                  </Text>
                  <Text fz="sm" fw={500}>
                    {ROLE_LABELS[session.role]}
                  </Text>
                </Group>
              </Stack>
            </Card>
            {roleAtLeast(session.role, 'owner') && (
              <Card>
                <Title order={2} fz="md" mb={4}>
                  Bring your team
                </Title>
                <Text fz="sm" c="dimmed" mb="md">
                  Invite the people who handle your orders and support.
                </Text>
                <Button
                  component={Link}
                  to="/settings/team"
                  variant="light"
                  leftSection={<IconUserPlus size={16} aria-hidden />}
                >
                  Invite teammates
                </Button>
              </Card>
            )}
            <Card>
              <Title order={2} fz="md" mb={4}>
                How Alva works
              </Title>
              <Text fz="sm" c="dimmed">
                A Klaviyo flow calls Alva&apos;s webhook; Alva creates a secure, limited download
                link and fires an event back into Klaviyo, where your own email flow sends it.
              </Text>
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
