// Deliveries: the list with its filters, one delivery's detail, and the merchant's actions on it
// (optimistic: the row changes at once and goes back if the API refuses).
import {
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
  type QueryKey,
} from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import { isApiError } from '@/lib/api/errors';
import type { Delivery, DeliveryDetail, DeliveryQuery, DeliveryStatus } from '@/lib/api/types';
import { takeEarly, takeEarlyData } from '@/lib/early-requests';
import { queryKeys } from '@/lib/query-keys';
import { fetchDeliveries, type DeliveryPage } from './list';

export { DELIVERIES_PAGE_SIZE } from './list';
/** How many seconds a just-accepted delivery may take to appear. */
export const DELIVERY_CREATION_RETRIES = 8;

export function useDeliveries(query: DeliveryQuery) {
  const queryKey = queryKeys.deliveryList(query);
  return useQuery({
    queryKey,
    // The list main.tsx asked for while the dashboard's code loaded: its answer, if it has
    // arrived, is the first render's data; if not, the first run waits for it.
    initialData: () => takeEarlyData(queryKey) as DeliveryPage | undefined,
    queryFn: ({ signal }) =>
      (takeEarly(queryKey) as Promise<DeliveryPage> | undefined) ?? fetchDeliveries(query, signal),
    placeholderData: (previous) => previous,
    // Deliveries still being decided change status within seconds; new ones arrive any time.
    refetchInterval: (q) =>
      q.state.data?.items.some((delivery) => delivery.status === 'Processing') ? 3_000 : 10_000,
  });
}

export function useDelivery(deliveryId: string | null) {
  return useQuery({
    queryKey: queryKeys.delivery(deliveryId ?? ''),
    queryFn: ({ signal }) =>
      unwrap(
        merchantApi.GET('/api/v1/deliveries/{delivery_id}', {
          params: { path: { delivery_id: deliveryId ?? '' } },
          signal,
        }),
      ),
    enabled: deliveryId !== null,
    // A webhook or Send Test answers with the delivery's id before the ingest worker has created
    // it (a second or so): a link followed at once meets a 404 first.
    retry: (failures, error) =>
      isApiError(error) && error.status === 404
        ? failures < DELIVERY_CREATION_RETRIES
        : failures < 2,
    retryDelay: 1_000,
    // A delivery still being decided changes by itself within seconds.
    refetchInterval: (query) => (query.state.data?.status === 'Processing' ? 2_000 : false),
  });
}

export type DeliveryAction =
  'approve' | 'block' | 'resend' | 'extend' | 'revoke' | 'reset-downloads';

/** Where each action is allowed (the API answers 409 invalid_state elsewhere). */
export const ACTION_STATES: Record<DeliveryAction, DeliveryStatus[]> = {
  approve: ['Pending Review', 'Blocked'],
  block: ['Pending Review', 'Approved'],
  resend: ['Approved', 'Downloaded', 'Expired'],
  extend: ['Approved', 'Downloaded', 'Expired'],
  revoke: ['Approved', 'Downloaded', 'Pending Review'],
  'reset-downloads': ['Approved', 'Downloaded', 'Expired'],
};

/** The status the row shows while the API works. */
export function optimisticStatus(action: DeliveryAction, status: DeliveryStatus): DeliveryStatus {
  switch (action) {
    case 'approve':
    case 'resend':
      return 'Approved';
    case 'block':
      return 'Blocked';
    case 'revoke':
      return 'Revoked';
    case 'extend':
      return status === 'Expired' ? 'Approved' : status;
    case 'reset-downloads':
      return status;
  }
}

interface ActionInput {
  deliveryId: string;
  action: DeliveryAction;
  days?: number;
}

function callAction({ deliveryId, action, days }: ActionInput): Promise<DeliveryDetail> {
  const path = { delivery_id: deliveryId };
  switch (action) {
    case 'approve':
      return unwrap(
        merchantApi.POST('/api/v1/deliveries/{delivery_id}/approve', { params: { path } }),
      );
    case 'block':
      return unwrap(
        merchantApi.POST('/api/v1/deliveries/{delivery_id}/block', { params: { path } }),
      );
    case 'resend':
      return unwrap(
        merchantApi.POST('/api/v1/deliveries/{delivery_id}/resend', { params: { path } }),
      );
    case 'revoke':
      return unwrap(
        merchantApi.POST('/api/v1/deliveries/{delivery_id}/revoke', { params: { path } }),
      );
    case 'reset-downloads':
      return unwrap(
        merchantApi.POST('/api/v1/deliveries/{delivery_id}/reset-downloads', { params: { path } }),
      );
    case 'extend':
      return unwrap(
        merchantApi.POST('/api/v1/deliveries/{delivery_id}/extend', {
          params: { path },
          body: { days: days ?? 1 },
        }),
      );
  }
}

interface PageData {
  items: Delivery[];
  count: number;
}

function setRowStatus(
  queryClient: QueryClient,
  deliveryId: string,
  status: (current: DeliveryStatus) => DeliveryStatus,
) {
  queryClient.setQueriesData<PageData>({ queryKey: [...queryKeys.deliveries, 'list'] }, (page) =>
    page
      ? {
          ...page,
          items: page.items.map((row) =>
            row.id === deliveryId ? { ...row, status: status(row.status) } : row,
          ),
        }
      : page,
  );
  queryClient.setQueryData<DeliveryDetail>(queryKeys.delivery(deliveryId), (detail) =>
    detail ? { ...detail, status: status(detail.status) } : detail,
  );
}

export function useDeliveryAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: callAction,
    onMutate: async ({ deliveryId, action }) => {
      await queryClient.cancelQueries({ queryKey: queryKeys.deliveries });
      const snapshot: [QueryKey, unknown][] = [
        ...queryClient.getQueriesData({ queryKey: [...queryKeys.deliveries, 'list'] }),
        [queryKeys.delivery(deliveryId), queryClient.getQueryData(queryKeys.delivery(deliveryId))],
      ];
      setRowStatus(queryClient, deliveryId, (status) => optimisticStatus(action, status));
      return { snapshot };
    },
    onError: (_error, _input, context) => {
      for (const [key, data] of context?.snapshot ?? []) queryClient.setQueryData(key, data);
    },
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.delivery(detail.id), detail);
      setRowStatus(queryClient, detail.id, () => detail.status);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [...queryKeys.deliveries, 'list'] }),
        queryClient.invalidateQueries({ queryKey: queryKeys.pendingCount }),
        queryClient.invalidateQueries({ queryKey: queryKeys.customers }),
      ]),
  });
}
