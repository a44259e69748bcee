// What became of an audited action: store suspensions are done at once; delivery actions are
// queued into the store and get their result (and, when refused, why) from its worker.
import { Badge, Stack, Text } from '@mantine/core';
import { isAwaitingResult } from '../api/audit-log';
import type { AuditEntry } from '../api/types';

const OUTCOMES = {
  done: { label: 'Done', color: 'teal' },
  refused: { label: 'Refused', color: 'red' },
  not_sent: { label: 'Not sent', color: 'orange' },
} as const;

export function AuditResultBadge({ entry }: { entry: AuditEntry }) {
  const outcome = isAwaitingResult(entry)
    ? { label: 'Queued', color: 'blue' }
    : OUTCOMES[entry.result?.outcome ?? 'done'];
  return (
    <Stack gap={2} align="flex-end" style={{ flexShrink: 0 }}>
      <Badge variant="light" color={outcome.color} radius="sm">
        {outcome.label}
      </Badge>
      {entry.result?.detail && (
        <Text fz="xs" c="dimmed" maw={260} ta="right">
          {entry.result.detail}
        </Text>
      )}
    </Stack>
  );
}
