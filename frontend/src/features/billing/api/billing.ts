// The store's plan, usage and Stripe: the overview (owners only), the plans to compare, and the
// Checkout / Customer Portal sessions the browser is sent to.
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { Billing } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

/** Usage moves with every delivery: the banner and the page refresh it now and then. */
export const BILLING_REFRESH_MS = 5 * 60_000;

export const billingQuery = queryOptions({
  queryKey: queryKeys.billing,
  queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/billing', { signal })),
  staleTime: 30_000,
  refetchInterval: BILLING_REFRESH_MS,
});

export function useBilling() {
  return useQuery(billingQuery);
}

export function usePlans() {
  return useQuery({
    queryKey: queryKeys.billingPlans,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/billing/plans', { signal })),
    staleTime: 60 * 60_000,
  });
}

/** Leave the dashboard for Stripe (tests replace it). */
export const navigation = {
  assign(url: string) {
    window.location.assign(url);
  },
};

/** Checkout for a paid plan (or, for a subscriber, Stripe's plan-change confirmation). */
export function useCheckout() {
  return useMutation({
    mutationFn: (plan: string) =>
      unwrap(merchantApi.POST('/api/v1/billing/checkout', { body: { plan } })),
    onSuccess: ({ url }) => {
      navigation.assign(url);
    },
  });
}

/** Stripe's Customer Portal: payment method, invoices, cancellation. */
export function usePortal() {
  return useMutation({
    mutationFn: () => unwrap(merchantApi.POST('/api/v1/billing/portal')),
    onSuccess: ({ url }) => {
      navigation.assign(url);
    },
  });
}

export type LimitState = 'payment-hold' | 'over-quota' | 'held' | 'payment-due' | 'storage-full';

/** Why the owner should look at billing now, most urgent first; empty when all is well. */
export function limitStates(billing: Billing): LimitState[] {
  const states: LimitState[] = [];
  if (billing.deliveries_held_for_payment) states.push('payment-hold');
  else if (billing.status === 'past_due') states.push('payment-due');
  if (billing.over_quota.deliveries) states.push('over-quota');
  else if (billing.deliveries_held > 0) states.push('held');
  if (billing.over_quota.storage) states.push('storage-full');
  return states;
}
