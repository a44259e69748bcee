// The append-only audit log: who did what to which store, when and why, and what came of it.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { supportApi, unwrap } from './client';
import { supportKeys } from './query-keys';
import type { AuditAction, AuditEntry, AuditQuery } from './types';

export const AUDIT_PAGE_SIZE = 50;

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'tenant.suspend': 'Suspended store',
  'tenant.unsuspend': 'Unsuspended store',
  'delivery.resend': 'Resent Download Ready',
  'delivery.extend': 'Extended link',
};

/** An action a worker carries out inside the store has no result until it has run. */
export function isAwaitingResult(entry: AuditEntry): boolean {
  return entry.action.startsWith('delivery.') && entry.result === null;
}

export function useAuditLog(query: AuditQuery, { poll = false }: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: supportKeys.auditLog(query),
    queryFn: ({ signal }) =>
      unwrap(supportApi.GET('/api/support/v1/audit-log', { params: { query }, signal })),
    placeholderData: keepPreviousData,
    // Queued delivery actions get their result within seconds: watch for it while one is open.
    refetchInterval: (q) => (poll && q.state.data?.items.some(isAwaitingResult) ? 2_000 : false),
  });
}
