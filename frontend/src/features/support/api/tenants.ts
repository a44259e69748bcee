// Stores as support sees them: the searchable list, one store's health, suspend and unsuspend.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supportApi, unwrap } from './client';
import { supportKeys } from './query-keys';
import type { TenantQuery } from './types';

export const TENANTS_PAGE_SIZE = 25;

export function useTenants(query: TenantQuery) {
  return useQuery({
    queryKey: supportKeys.tenantList(query),
    queryFn: ({ signal }) =>
      unwrap(supportApi.GET('/api/support/v1/tenants', { params: { query }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useTenant(tenantId: number) {
  return useQuery({
    queryKey: supportKeys.tenant(tenantId),
    queryFn: ({ signal }) =>
      unwrap(
        supportApi.GET('/api/support/v1/tenants/{tenant_id}', {
          params: { path: { tenant_id: tenantId } },
          signal,
        }),
      ),
    enabled: tenantId > 0,
    // Health figures move by themselves (webhooks, the outbox); a minute is fresh enough.
    refetchInterval: 60_000,
  });
}

export type TenantStatusChange = 'suspend' | 'unsuspend';

export function useTenantStatusChange(tenantId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ change, reason }: { change: TenantStatusChange; reason: string }) => {
      const options = { params: { path: { tenant_id: tenantId } }, body: { reason } };
      return unwrap(
        change === 'suspend'
          ? supportApi.POST('/api/support/v1/tenants/{tenant_id}/suspend', options)
          : supportApi.POST('/api/support/v1/tenants/{tenant_id}/unsuspend', options),
      );
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: supportKeys.tenants }),
        queryClient.invalidateQueries({ queryKey: supportKeys.deliveries }),
        queryClient.invalidateQueries({ queryKey: supportKeys.audit }),
      ]),
  });
}
