// A label on the left, its value on the right: the rows of every detail panel (the delivery drawer,
// the support console's detail pages). Long values wrap anywhere rather than push the label away.
import { Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';

export function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md" align="flex-start">
      <Text fz="sm" c="dimmed" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text
        fz="sm"
        fw={500}
        ta="right"
        style={{ minWidth: 0, overflowWrap: 'anywhere' }}
        component="div"
      >
        {children}
      </Text>
    </Group>
  );
}
