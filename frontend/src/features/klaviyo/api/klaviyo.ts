// The store's Klaviyo connection: status, connect by OAuth or API key, disconnect.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

export function useKlaviyoConnection() {
  return useQuery({
    queryKey: queryKeys.klaviyo,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/settings/klaviyo', { signal })),
  });
}

export function useConnectApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (apiKey: string) =>
      unwrap(merchantApi.PUT('/api/v1/settings/klaviyo', { body: { api_key: apiKey } })),
    onSuccess: (connection) => {
      queryClient.setQueryData(queryKeys.klaviyo, connection);
      return queryClient.invalidateQueries({ queryKey: queryKeys.onboarding });
    },
  });
}

export function useDisconnect() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(merchantApi.DELETE('/api/v1/settings/klaviyo')),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.klaviyo }),
        queryClient.invalidateQueries({ queryKey: queryKeys.onboarding }),
      ]),
  });
}

export function useOAuthStart() {
  return useMutation({
    mutationFn: () => unwrap(merchantApi.GET('/api/v1/settings/klaviyo/oauth/start')),
  });
}
