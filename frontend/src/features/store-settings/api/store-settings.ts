// The store's own settings: download page branding and how long customer data is kept.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { StoreSettingsIn } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export function useStoreSettings() {
  return useQuery({
    queryKey: queryKeys.storeSettings,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/settings/store', { signal })),
  });
}

export function useSaveStoreSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: StoreSettingsIn) =>
      unwrap(merchantApi.PUT('/api/v1/settings/store', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.storeSettings, saved);
    },
  });
}
