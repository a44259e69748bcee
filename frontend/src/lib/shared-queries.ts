// Reads several features share: the bundles to pick from in filters and forms, the number of
// deliveries waiting for review (the navigation's badge), and the store's delivery defaults (the
// settings screen changes them, the bundle form starts from them).
import { queryOptions } from '@tanstack/react-query';
import { merchantApi, unwrap } from './api/client';
import { queryKeys } from './query-keys';

/** Every bundle as {value, label} for Select inputs (the API caps a page at 200). */
export const bundleOptionsQuery = queryOptions({
  queryKey: queryKeys.bundleOptions,
  queryFn: async ({ signal }) => {
    const page = await unwrap(
      merchantApi.GET('/api/v1/bundles', { params: { query: { limit: 200 } }, signal }),
    );
    return page.items.map((bundle) => ({
      value: bundle.id,
      label: bundle.active ? bundle.name : `${bundle.name} (inactive)`,
    }));
  },
  staleTime: 60_000,
});

export const PENDING_COUNT_REFRESH_MS = 30_000;

export const pendingCountQuery = queryOptions({
  queryKey: queryKeys.pendingCount,
  queryFn: ({ signal }) =>
    unwrap(merchantApi.GET('/api/v1/deliveries/pending-count', { signal })).then(
      (body) => body.pending_review,
    ),
  refetchInterval: PENDING_COUNT_REFRESH_MS,
  staleTime: 10_000,
});

export const deliveryDefaultsQuery = queryOptions({
  queryKey: queryKeys.deliveryDefaults,
  queryFn: ({ signal }) =>
    unwrap(merchantApi.GET('/api/v1/settings/delivery-defaults', { signal })),
  staleTime: 60_000,
});
