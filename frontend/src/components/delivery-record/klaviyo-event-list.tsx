// The Klaviyo events a delivery caused (Download Ready, Completed, ...), each with its sending state.
import { Badge, Group, Stack, Text } from '@mantine/core';
import type { KlaviyoEvent } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';

const EVENT_STATE_COLORS: Record<string, string> = {
  sent: 'teal',
  pending: 'gray',
  sending: 'blue',
  failed: 'red',
  waiting_for_connection: 'yellow',
};

export function KlaviyoEventList({ events }: { events: KlaviyoEvent[] }) {
  if (events.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        No events for this delivery yet.
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {events.map((event) => (
        <Group key={event.id} justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Text fz="sm" fw={500}>
              {event.metric}
            </Text>
            <Text fz="xs" c={event.last_error ? 'red' : 'dimmed'}>
              {event.last_error ||
                (event.sent_at
                  ? `Sent ${formatDateTime(event.sent_at)}`
                  : `Queued ${formatDateTime(event.created_at)}`)}
              {event.attempts > 1 ? ` · ${event.attempts} attempts` : ''}
            </Text>
          </div>
          <Badge
            variant="light"
            radius="sm"
            color={EVENT_STATE_COLORS[event.state] ?? 'gray'}
            style={{ flexShrink: 0 }}
          >
            {event.state.replaceAll('_', ' ')}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}
