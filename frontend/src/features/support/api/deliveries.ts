// Deliveries across every store: search the public index by exact email or id, read one delivery
// (from inside its store, read-only), and ask its store to resend or extend, both audited.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { supportApi, unwrap } from './client';
import { supportKeys } from './query-keys';
import type { DeliverySearchQuery, SupportDeliveryStatus } from './types';

export const DELIVERIES_PAGE_SIZE = 25;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isDeliveryId(value: string): boolean {
  return UUID.test(value.trim());
}

export function useDeliverySearch(query: DeliverySearchQuery | null) {
  return useQuery({
    queryKey: supportKeys.deliverySearch(query ?? {}),
    queryFn: ({ signal }) =>
      unwrap(
        supportApi.GET('/api/support/v1/deliveries', {
          params: { query: query ?? {} },
          signal,
        }),
      ),
    enabled: query !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSupportDelivery(deliveryId: string) {
  return useQuery({
    queryKey: supportKeys.delivery(deliveryId),
    queryFn: ({ signal }) =>
      unwrap(
        supportApi.GET('/api/support/v1/deliveries/{delivery_id}', {
          params: { path: { delivery_id: deliveryId } },
          signal,
        }),
      ),
    // A delivery still being decided changes by itself within seconds.
    refetchInterval: (query) => (query.state.data?.status === 'Processing' ? 3_000 : false),
  });
}

export type SupportDeliveryAction = 'resend' | 'extend';

/** Where the store accepts each action (the API answers 409 invalid_state elsewhere). */
export const SUPPORT_ACTION_STATES: Record<SupportDeliveryAction, SupportDeliveryStatus[]> = {
  resend: ['Approved', 'Downloaded', 'Expired'],
  extend: ['Approved', 'Downloaded', 'Expired'],
};

interface ActionInput {
  action: SupportDeliveryAction;
  reason: string;
  days?: number;
}

export function useSupportDeliveryAction(deliveryId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, reason, days }: ActionInput) => {
      const path = { delivery_id: deliveryId };
      return unwrap(
        action === 'resend'
          ? supportApi.POST('/api/support/v1/deliveries/{delivery_id}/resend', {
              params: { path },
              body: { reason },
            })
          : supportApi.POST('/api/support/v1/deliveries/{delivery_id}/extend', {
              params: { path },
              body: { reason, days: days ?? 1 },
            }),
      );
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: supportKeys.audit }),
  });
}
