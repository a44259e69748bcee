// The onboarding checklist's state, read from what the store has actually done.
//
// - Klaviyo connected: the connection has a mode and is connected (or failing, still in use).
// - Bundle ready: a bundle has at least one file in state "ready".
// - Webhook set up: the webhook log has an accepted call that is not a test (Send Test writes
//   accepted calls too, and proves nothing about the Klaviyo flow).
// - Download Ready flow: Alva cannot see Klaviyo's flows, so this is done once Alva has *sent* an
//   "Alva Download Ready" event (state "sent" on the latest approved delivery): Klaviyo offers a
//   metric as a flow trigger only after it has received one, so from then on the flow can exist.
// - Send Test: a delivery marked is_test exists.
import { useQueries, useQuery } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { Bundle, Delivery, KlaviyoConnection, WebhookCall } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

const REFRESH_MS = 15_000;
// The API has no is_test filter: the newest deliveries are scanned instead.
const SCAN = 200;
const READY_SENT_STATUSES = new Set(['Approved', 'Downloaded', 'Expired', 'Revoked']);

export interface StepState {
  done: boolean;
  loading: boolean;
  error: unknown;
  detail?: string;
}

function klaviyoConnected(connection: KlaviyoConnection): boolean {
  return (
    connection.mode !== null &&
    (connection.health === 'connected' || connection.health === 'failing')
  );
}

function readyBundleOf(page: { items: Bundle[] }): Bundle | undefined {
  return page.items.find((bundle) => bundle.files.some((file) => file.state === 'ready'));
}

function realCallsOf(page: { items: WebhookCall[] }): number {
  return page.items.filter((call) => !call.is_test).length;
}

function testDeliveryOf(page: { items: Delivery[] }): Delivery | undefined {
  return page.items.find((delivery) => delivery.is_test);
}

function latestApprovedOf(page: { items: Delivery[] }): Delivery | undefined {
  return page.items.find((delivery) => READY_SENT_STATUSES.has(delivery.status));
}

export function useOnboardingState() {
  // Each read is asked again while its step is not done (the merchant may be finishing it in
  // another tab or in Klaviyo), and left alone once it is.
  const until =
    <T>(done: (data: T) => boolean) =>
    (query: { state: { data?: T } }) =>
      query.state.data === undefined || done(query.state.data) ? false : REFRESH_MS;
  const [klaviyo, bundles, accepted, deliveries] = useQueries({
    queries: [
      {
        queryKey: [...queryKeys.onboarding, 'klaviyo'],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          unwrap(merchantApi.GET('/api/v1/settings/klaviyo', { signal })),
        refetchInterval: until<KlaviyoConnection>(klaviyoConnected),
      },
      {
        queryKey: [...queryKeys.onboarding, 'bundles'],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          unwrap(merchantApi.GET('/api/v1/bundles', { params: { query: { limit: 200 } }, signal })),
        refetchInterval: until<{ items: Bundle[] }>((page) => readyBundleOf(page) !== undefined),
      },
      {
        queryKey: [...queryKeys.onboarding, 'accepted-calls'],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          unwrap(
            merchantApi.GET('/api/v1/webhook-log', {
              params: { query: { outcome: 'accepted', page_size: SCAN } },
              signal,
            }),
          ),
        refetchInterval: until<{ items: WebhookCall[] }>((page) => realCallsOf(page) > 0),
      },
      {
        queryKey: [...queryKeys.onboarding, 'deliveries'],
        queryFn: ({ signal }: { signal: AbortSignal }) =>
          unwrap(
            merchantApi.GET('/api/v1/deliveries', {
              params: { query: { page_size: SCAN, sort: '-created_at' } },
              signal,
            }),
          ),
        refetchInterval: until<{ items: Delivery[] }>(
          (page) => testDeliveryOf(page) !== undefined && latestApprovedOf(page) !== undefined,
        ),
      },
    ],
  });

  const latestApproved = deliveries.data ? latestApprovedOf(deliveries.data) : undefined;
  const readyEvent = useQuery({
    queryKey: [...queryKeys.onboarding, 'ready-event', latestApproved?.id ?? ''],
    queryFn: async ({ signal }) => {
      const detail = await unwrap(
        merchantApi.GET('/api/v1/deliveries/{delivery_id}', {
          params: { path: { delivery_id: latestApproved?.id ?? '' } },
          signal,
        }),
      );
      return detail.klaviyo_events.some(
        (event) => event.metric === 'Alva Download Ready' && event.state === 'sent',
      );
    },
    enabled: latestApproved !== undefined,
    refetchInterval: (query) => (query.state.data === false ? 5_000 : false),
  });

  const connection = klaviyo.data;
  const readyBundle = bundles.data ? readyBundleOf(bundles.data) : undefined;
  const realCalls = accepted.data ? realCallsOf(accepted.data) : 0;
  const testDelivery = deliveries.data ? testDeliveryOf(deliveries.data) : undefined;

  const steps: StepState[] = [
    {
      done: connection !== undefined && klaviyoConnected(connection),
      loading: klaviyo.isPending,
      error: klaviyo.error,
      detail: connection?.account ? `Connected to ${connection.account.name}` : undefined,
    },
    {
      done: readyBundle !== undefined,
      loading: bundles.isPending,
      error: bundles.error,
      detail: readyBundle ? `${readyBundle.name} has ready files` : undefined,
    },
    {
      done: realCalls > 0,
      loading: accepted.isPending,
      error: accepted.error,
      detail: realCalls > 0 ? 'Klaviyo has called your webhook' : undefined,
    },
    {
      done: readyEvent.data === true,
      loading: deliveries.isPending || (latestApproved !== undefined && readyEvent.isPending),
      error: deliveries.error ?? readyEvent.error,
      detail: readyEvent.data ? 'Alva Download Ready has reached Klaviyo' : undefined,
    },
    {
      done: testDelivery !== undefined,
      loading: deliveries.isPending,
      error: deliveries.error,
      detail: testDelivery ? `Test sent to ${testDelivery.customer.email}` : undefined,
    },
  ];
  return { steps };
}
