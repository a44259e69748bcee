// The store's webhook configuration (endpoints, secret, body template), Send Test and the log.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { WebhookLogQuery } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export const WEBHOOK_LOG_PAGE_SIZE = 50;

export function useWebhookSettings() {
  return useQuery({
    queryKey: queryKeys.webhookSettings,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/settings/webhook', { signal })),
  });
}

export function useRevealSecret() {
  return useMutation({
    mutationFn: () => unwrap(merchantApi.POST('/api/v1/settings/webhook/reveal')),
  });
}

export function useRotateSecret() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(merchantApi.POST('/api/v1/settings/webhook/rotate')),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhookSettings }),
  });
}

export function useSendTest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; bundle_id?: string | null }) =>
      unwrap(merchantApi.POST('/api/v1/settings/webhook/test', { body })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.deliveries }),
        queryClient.invalidateQueries({ queryKey: queryKeys.webhookLogAll }),
        queryClient.invalidateQueries({ queryKey: queryKeys.onboarding }),
      ]),
  });
}

export function useWebhookLog(query: WebhookLogQuery) {
  return useQuery({
    queryKey: queryKeys.webhookLog(query),
    queryFn: ({ signal }) =>
      unwrap(merchantApi.GET('/api/v1/webhook-log', { params: { query }, signal })),
    placeholderData: (previous) => previous,
  });
}
