// Bundles and their files (admins write, everyone reads), and the store's catalog settings.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type {
  Bundle,
  BundleDeleteResult,
  BundleFile,
  BundleIn,
  BundlePatch,
} from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';

export const BUNDLES_PAGE_SIZE = 25;

/** Files still on their way to `ready`: the bundle is polled while it has any. */
export function hasUnsettledFiles(bundle: Bundle): boolean {
  return bundle.files.some((file) => file.state === 'verifying');
}

export function useBundles(page: number) {
  const params = { limit: BUNDLES_PAGE_SIZE, offset: (page - 1) * BUNDLES_PAGE_SIZE };
  return useQuery({
    queryKey: queryKeys.bundleList(params),
    queryFn: ({ signal }) =>
      unwrap(merchantApi.GET('/api/v1/bundles', { params: { query: params }, signal })),
    placeholderData: (previous) => previous,
  });
}

export const BUNDLE_POLL_MS = 2_000;

export function useBundle(bundleId: string) {
  return useQuery({
    queryKey: queryKeys.bundle(bundleId),
    queryFn: ({ signal }) =>
      unwrap(
        merchantApi.GET('/api/v1/bundles/{bundle_id}', {
          params: { path: { bundle_id: bundleId } },
          signal,
        }),
      ),
    refetchInterval: (query) =>
      query.state.data && hasUnsettledFiles(query.state.data) ? BUNDLE_POLL_MS : false,
  });
}

/** After any catalog write: every list, picker and checklist that shows bundles. */
export function refreshBundles(queryClient: QueryClient, bundle?: Bundle) {
  if (bundle) queryClient.setQueryData(queryKeys.bundle(bundle.id), bundle);
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: queryKeys.bundles }),
    queryClient.invalidateQueries({ queryKey: queryKeys.onboarding }),
    queryClient.invalidateQueries({ queryKey: queryKeys.webhookSettings }),
  ]);
}

export function useCreateBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: BundleIn) => unwrap(merchantApi.POST('/api/v1/bundles', { body })),
    onSuccess: (bundle) => refreshBundles(queryClient, bundle),
  });
}

export function useUpdateBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ bundleId, body }: { bundleId: string; body: BundlePatch }) =>
      unwrap(
        merchantApi.PATCH('/api/v1/bundles/{bundle_id}', {
          params: { path: { bundle_id: bundleId } },
          body,
        }),
      ),
    onSuccess: (bundle) => refreshBundles(queryClient, bundle),
  });
}

/** `null` when the bundle is gone; the API's explanation when it was deactivated instead. */
export function useDeleteBundle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (bundleId: string) => {
      // 204 (deleted) has no body; 200 explains why the bundle was deactivated instead.
      const result = (await unwrap(
        merchantApi.DELETE('/api/v1/bundles/{bundle_id}', {
          params: { path: { bundle_id: bundleId } },
        }),
      )) as BundleDeleteResult | undefined;
      return result ?? null;
    },
    onSuccess: (result, bundleId) => {
      if (!result?.deactivated) queryClient.removeQueries({ queryKey: queryKeys.bundle(bundleId) });
      return refreshBundles(queryClient);
    },
  });
}

function withFiles(bundle: Bundle, files: BundleFile[]): Bundle {
  return { ...bundle, files, file_count: files.length };
}

/** Move files; the list shows the new order at once and goes back if the API refuses. */
export function useReorderFiles(bundleId: string) {
  const queryClient = useQueryClient();
  const key = queryKeys.bundle(bundleId);
  return useMutation({
    mutationFn: (fileIds: string[]) =>
      unwrap(
        merchantApi.PUT('/api/v1/bundles/{bundle_id}/files/order', {
          params: { path: { bundle_id: bundleId } },
          body: { file_ids: fileIds },
        }),
      ),
    onMutate: async (fileIds) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<Bundle>(key);
      if (previous) {
        const byId = new Map(previous.files.map((file) => [file.id, file]));
        const files = fileIds
          .map((id, position) => {
            const file = byId.get(id);
            return file ? { ...file, position } : undefined;
          })
          .filter((file): file is BundleFile => file !== undefined);
        queryClient.setQueryData(key, withFiles(previous, files));
      }
      return { previous };
    },
    onError: (_error, _ids, context) => {
      if (context?.previous) queryClient.setQueryData(key, context.previous);
    },
    onSuccess: (bundle) => {
      queryClient.setQueryData(key, bundle);
    },
  });
}

export function useRenameFile(bundleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ fileId, filename }: { fileId: string; filename: string }) =>
      unwrap(
        merchantApi.PATCH('/api/v1/files/{file_id}', {
          params: { path: { file_id: fileId } },
          body: { filename },
        }),
      ),
    onSuccess: (file) => {
      queryClient.setQueryData<Bundle>(queryKeys.bundle(bundleId), (bundle) =>
        bundle
          ? withFiles(
              bundle,
              bundle.files.map((f) => (f.id === file.id ? file : f)),
            )
          : bundle,
      );
    },
  });
}

export function useDeleteFile(bundleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (fileId: string) =>
      unwrap(
        merchantApi.DELETE('/api/v1/files/{file_id}', { params: { path: { file_id: fileId } } }),
      ),
    onSuccess: (_result, fileId) => {
      queryClient.setQueryData<Bundle>(queryKeys.bundle(bundleId), (bundle) =>
        bundle
          ? withFiles(
              bundle,
              bundle.files.filter((f) => f.id !== fileId),
            )
          : bundle,
      );
      return refreshBundles(queryClient);
    },
  });
}

export function useCatalogSettings() {
  return useQuery({
    queryKey: queryKeys.catalogSettings,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/settings/catalog', { signal })),
  });
}

export function useUpdateCatalogSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (allowScriptFiles: boolean) =>
      unwrap(
        merchantApi.PUT('/api/v1/settings/catalog', {
          body: { allow_script_files: allowScriptFiles },
        }),
      ),
    onSuccess: (settings) => {
      queryClient.setQueryData(queryKeys.catalogSettings, settings);
    },
  });
}
