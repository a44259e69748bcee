// A store's status as support sees it.
import { Badge } from '@mantine/core';
import type { TenantStatus } from '../api/types';

const STATUS: Record<TenantStatus, { label: string; color: string }> = {
  active: { label: 'Active', color: 'teal' },
  suspended: { label: 'Suspended', color: 'red' },
  spare: { label: 'Spare', color: 'gray' },
};

export function TenantStatusBadge({ status }: { status: TenantStatus }) {
  const { label, color } = STATUS[status];
  return (
    <Badge variant="light" color={color} radius="sm">
      {label}
    </Badge>
  );
}
