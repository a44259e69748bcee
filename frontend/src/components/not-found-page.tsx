// Any path no screen answers.
import { Button, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <Stack align="center" py={80} gap="sm">
      <Text fz={48} fw={800} c="alva.6" lh={1}>
        404
      </Text>
      <Title order={1} fz={22}>
        This page does not exist
      </Title>
      <Text c="dimmed">The link may be old, or the address mistyped.</Text>
      <Button component={Link} to="/" mt="sm">
        Back to home
      </Button>
    </Stack>
  );
}
