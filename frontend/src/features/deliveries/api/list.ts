// The deliveries list request and how the page's URL maps onto it. No React here: besides the
// page's query, main.tsx uses it to ask for the list opened at /deliveries before the dashboard's
// code has loaded (see src/lib/early-requests.ts).
import { DELIVERY_STATUSES } from '@/components/delivery-statuses';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { DeliveryQuery, DeliverySort, DeliveryStatus } from '@/lib/api/types';
import { startEarly } from '@/lib/early-requests';
import { pageFrom } from '@/lib/page-param';
import { queryKeys } from '@/lib/query-keys';

export const DELIVERIES_PAGE_SIZE = 25;

export const DELIVERY_SORTS: { value: DeliverySort; label: string }[] = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'status', label: 'Status A–Z' },
  { value: '-status', label: 'Status Z–A' },
];

function parseDay(value: string | null): Date | null {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const [year, month, day] = value.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1);
}

/** URL parameters -> the API query: days are the browser's local days. */
export function deliveryQueryFrom(params: URLSearchParams): DeliveryQuery {
  const query: DeliveryQuery = {
    page: pageFrom(params),
    page_size: DELIVERIES_PAGE_SIZE,
    sort: DELIVERY_SORTS.find((s) => s.value === params.get('sort'))?.value ?? '-created_at',
  };
  const email = params.get('email')?.trim();
  if (email) query.email = email;
  const status = params.get('status');
  if (status && DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
    query.status = status as DeliveryStatus;
  }
  const bundle = params.get('bundle');
  if (bundle) query.bundle_id = bundle;
  const from = parseDay(params.get('from'));
  if (from) query.created_after = from.toISOString();
  const to = parseDay(params.get('to'));
  if (to) query.created_before = new Date(to.getTime() + 86_400_000).toISOString();
  return query;
}

export function fetchDeliveries(query: DeliveryQuery, signal?: AbortSignal) {
  return unwrap(merchantApi.GET('/api/v1/deliveries', { params: { query }, signal }));
}

export type DeliveryPage = Awaited<ReturnType<typeof fetchDeliveries>>;

/**
 * Ask for the list `/deliveries?<search>` shows, now; the page's first query takes the answer.
 * Nothing of it renders before the session gate has let the page in.
 */
export function startDeliveriesRequest(search: string): void {
  const query = deliveryQueryFrom(new URLSearchParams(search));
  startEarly(queryKeys.deliveryList(query), () => fetchDeliveries(query));
}
