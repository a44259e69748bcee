// A delivery's history as a timeline: what happened, when and by whom.
import { Text, Timeline, Tooltip } from '@mantine/core';
import { IconCircleDot } from '@tabler/icons-react';
import type { DeliveryDetail } from '@/lib/api/types';
import { formatDateTime, formatRelative } from '@/lib/format';

export function EventLog({
  events,
  relativeTimes = false,
}: {
  events: DeliveryDetail['events'];
  /** "3 hours ago" with the exact time in a tooltip, instead of the exact time. */
  relativeTimes?: boolean;
}) {
  return (
    <Timeline bulletSize={18} lineWidth={2} active={events.length}>
      {events.map((event, index) => (
        <Timeline.Item
          key={`${event.created_at}-${index}`}
          bullet={<IconCircleDot size={12} aria-hidden />}
          title={<Text fz="sm">{event.message}</Text>}
        >
          {relativeTimes ? (
            <Tooltip label={formatDateTime(event.created_at)}>
              <Text fz="xs" c="dimmed" component="span">
                {formatRelative(event.created_at)} · {event.actor || 'system'}
              </Text>
            </Tooltip>
          ) : (
            <Text fz="xs" c="dimmed">
              {formatDateTime(event.created_at)} · {event.actor || 'system'}
            </Text>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
