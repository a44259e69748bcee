// Small status pieces of bundles and files.
import { Badge, Group, Loader, Text, Tooltip } from '@mantine/core';
import type { Bundle, FileState } from '@/lib/api/types';

export function BundleActiveBadge({ active }: { active: boolean }) {
  return (
    <Badge variant="light" color={active ? 'teal' : 'gray'} radius="sm">
      {active ? 'Active' : 'Inactive'}
    </Badge>
  );
}

const FILE_STATES: Record<FileState, { label: string; color: string; hint: string }> = {
  pending: {
    label: 'Pending',
    color: 'gray',
    hint: 'Waiting for its bytes: the upload has not finished.',
  },
  verifying: {
    label: 'Verifying',
    color: 'blue',
    hint: 'Uploaded; Alva is checking it and computing its SHA-256.',
  },
  ready: { label: 'Ready', color: 'teal', hint: 'Delivered to customers.' },
  failed: {
    label: 'Failed',
    color: 'red',
    hint: 'The upload did not match what was declared. Delete it and upload it again.',
  },
};

export function FileStateBadge({ state }: { state: FileState }) {
  const { label, color, hint } = FILE_STATES[state];
  return (
    <Tooltip label={hint} multiline w={240}>
      <Badge
        variant="light"
        color={color}
        radius="sm"
        leftSection={state === 'verifying' ? <Loader size={8} color={color} /> : undefined}
      >
        {label}
      </Badge>
    </Tooltip>
  );
}

export function FileCounts({ bundle }: { bundle: Bundle }) {
  const ready = bundle.files.filter((file) => file.state === 'ready').length;
  const failed = bundle.files.filter((file) => file.state === 'failed').length;
  const waiting = bundle.files.length - ready - failed;
  return (
    <Group gap={6} wrap="nowrap">
      <Text fz="sm">
        {ready} of {bundle.files.length} ready
      </Text>
      {waiting > 0 && (
        <Badge size="xs" variant="light" color="blue" radius="sm">
          {waiting} in progress
        </Badge>
      )}
      {failed > 0 && (
        <Badge size="xs" variant="light" color="red" radius="sm">
          {failed} failed
        </Badge>
      )}
    </Group>
  );
}

export function policySummary(
  bundle: Pick<Bundle, 'expiry_days' | 'max_downloads' | 'max_unique_ips'>,
) {
  const days = bundle.expiry_days === 1 ? '1 day' : `${bundle.expiry_days} days`;
  const downloads = bundle.max_downloads === 1 ? '1 download' : `${bundle.max_downloads} downloads`;
  const ips = bundle.max_unique_ips === 1 ? '1 IP' : `${bundle.max_unique_ips} IPs`;
  return `${days} · ${downloads} · ${ips}`;
}
