// The store's fraud rules: score bands, repeat and velocity windows, block and allow lists.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { FraudSettingsIn } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export function useFraudSettings() {
  return useQuery({
    queryKey: queryKeys.fraudSettings,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/settings/fraud', { signal })),
  });
}

export function useSaveFraudSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: FraudSettingsIn) =>
      unwrap(merchantApi.PUT('/api/v1/settings/fraud', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.fraudSettings, saved);
    },
  });
}
