// The store's own settings: download page branding (colour, support email, logo), how long
// customer data is kept, and the delivery defaults new bundles start from.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { merchantApi, unwrap } from '@/lib/api/client';
import { errorMessage, isApiError } from '@/lib/api/errors';
import type { DeliveryDefaultsIn, StoreSettingsIn } from '@/lib/api/types';
import { formatBytes, formatNumber } from '@/lib/format';
import { queryKeys } from '@/lib/query-keys';
import { deliveryDefaultsQuery } from '@/lib/shared-queries';
import { putToStorage, StorageError } from '@/lib/storage-put';

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

// --- delivery defaults ---------------------------------------------------------------------------

export function useDeliveryDefaults() {
  return useQuery(deliveryDefaultsQuery);
}

export function useSaveDeliveryDefaults() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DeliveryDefaultsIn) =>
      unwrap(merchantApi.PUT('/api/v1/settings/delivery-defaults', { body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.deliveryDefaults, saved);
    },
  });
}

// --- the download page's logo ------------------------------------------------------------------

/** What the API accepts (SVG is refused: it can carry scripts). */
export const LOGO_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export const LOGO_MAX_BYTES = 1024 * 1024;

/** A file refused in the browser, before anything is sent. */
export class LogoFileRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogoFileRefused';
  }
}

/** Checked before anything is sent; the API checks the same again. */
export function logoFileProblem(file: File): string | null {
  if (file.type === 'image/svg+xml') {
    return 'SVG logos are refused because they can contain scripts: upload a PNG, JPEG or WebP.';
  }
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) {
    return 'Upload the logo as a PNG, JPEG or WebP image.';
  }
  if (file.size < 1) return 'The file is empty.';
  if (file.size > LOGO_MAX_BYTES) {
    // Just over the limit, "1 MB" would read like the limit itself: count bytes then.
    const size =
      formatBytes(file.size) === formatBytes(LOGO_MAX_BYTES)
        ? `${formatNumber(file.size)} bytes`
        : formatBytes(file.size);
    return `A logo can be at most ${formatBytes(LOGO_MAX_BYTES)}; this file has ${size}.`;
  }
  return null;
}

/** The API's field messages when it gives them ("this file has 3,145,728 bytes"), else its message. */
export function logoErrorMessage(error: unknown): string {
  if (error instanceof StorageError || error instanceof LogoFileRefused) return error.message;
  if (isApiError(error)) {
    const messages = Object.values(error.fields).flat();
    if (messages.length > 0) return [...new Set(messages)].join(' ');
  }
  return errorMessage(error);
}

export type LogoPhase = 'idle' | 'starting' | 'uploading' | 'confirming';

/** Ask for a presigned PUT, send the file straight to storage with progress, then confirm it. */
export function useUploadLogo() {
  const queryClient = useQueryClient();
  const [phase, setPhase] = useState<LogoPhase>('idle');
  const [loaded, setLoaded] = useState(0);
  const mutation = useMutation({
    mutationFn: async (file: File) => {
      const problem = logoFileProblem(file);
      if (problem) throw new LogoFileRefused(problem);
      setLoaded(0);
      setPhase('starting');
      const upload = await unwrap(
        merchantApi.POST('/api/v1/settings/store/logo', {
          body: { content_type: file.type, size: file.size },
        }),
      );
      setPhase('uploading');
      await putToStorage(upload.url, file, { headers: upload.headers, onProgress: setLoaded });
      setPhase('confirming');
      return unwrap(
        merchantApi.POST('/api/v1/settings/store/logo/confirm', { body: { key: upload.key } }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.storeSettings, saved);
    },
    onSettled: () => {
      setPhase('idle');
    },
  });
  return { ...mutation, phase, loaded };
}

export function useRemoveLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(merchantApi.DELETE('/api/v1/settings/store/logo')),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.storeSettings, saved);
    },
  });
}
