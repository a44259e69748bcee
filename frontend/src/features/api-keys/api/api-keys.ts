// API keys of this store (admins and owners): list, create (the secret is returned once), delete.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';

export const apiKeysQueryKey = ['api-keys'] as const;

export function useApiKeys({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: apiKeysQueryKey,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/api-keys', { signal })),
    enabled,
  });
}

export function useCreateApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(merchantApi.POST('/api/v1/api-keys', { body: { name } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
}

export function useDeleteApiKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (keyId: number) =>
      unwrap(
        merchantApi.DELETE('/api/v1/api-keys/{key_id}', { params: { path: { key_id: keyId } } }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: apiKeysQueryKey }),
  });
}
