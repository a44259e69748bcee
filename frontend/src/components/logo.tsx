// The Alva mark and wordmark.
import { Group, Text } from '@mantine/core';

export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="8" fill="var(--mantine-color-alva-6)" />
      <path d="M9 23 16 8l7 15h-3.6L16 15.6 12.6 23z" fill="#fff" />
      <circle cx="16" cy="20.5" r="1.8" fill="#fff" />
    </svg>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark size={size} />
      <Text component="span" fw={700} fz={size * 0.7} lh={1} style={{ letterSpacing: '-0.02em' }}>
        Alva
      </Text>
    </Group>
  );
}
