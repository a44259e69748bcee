// The internal support console on support.{APP_DOMAIN}: a placeholder until its issue lands.
import {
  Badge,
  Box,
  Card,
  Center,
  Group,
  List,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconHeadset } from '@tabler/icons-react';
import { Logo } from '@/components/logo';

export function SupportConsolePage() {
  return (
    <Box component="main" mih="100vh" bg="gray.0">
      <Center mih="100vh" p="md">
        <Stack maw={560} w="100%" gap="lg">
          <Group justify="space-between">
            <Logo size={30} />
            <Badge variant="light" color="gray">
              Staff only
            </Badge>
          </Group>
          <Card p="xl">
            <Group wrap="nowrap" align="flex-start" gap="lg">
              <ThemeIcon size={48} radius="md" variant="light">
                <IconHeadset size={26} aria-hidden />
              </ThemeIcon>
              <Stack gap="sm">
                <Title order={1} fz={24}>
                  Support console
                </Title>
                <Text c="dimmed">The console for Alva staff is on its way. It will let you:</Text>
                <List size="sm" spacing={4}>
                  <List.Item>find any store and see its plan, usage and Klaviyo health;</List.Item>
                  <List.Item>find a delivery across all stores by customer email or id;</List.Item>
                  <List.Item>
                    resend events, extend links and suspend stores, all audited.
                  </List.Item>
                </List>
              </Stack>
            </Group>
          </Card>
        </Stack>
      </Center>
    </Box>
  );
}
