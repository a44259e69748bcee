// Sign-up on app.{APP_DOMAIN}: live subdomain availability and store creation.
import { useMutation, useQuery } from '@tanstack/react-query';
import { publicApi, unwrap } from '@/lib/api/client';
import type { SignupIn } from '@/lib/api/types';

export function useSubdomainAvailability(subdomain: string) {
  return useQuery({
    queryKey: ['signup', 'availability', subdomain],
    queryFn: ({ signal }) =>
      unwrap(
        publicApi.GET('/api/v1/signup/availability', {
          params: { query: { subdomain } },
          signal,
        }),
      ),
    enabled: subdomain.length > 0,
    staleTime: 5_000,
    retry: false,
  });
}

export function useSignup() {
  return useMutation({
    mutationFn: (body: SignupIn) => unwrap(publicApi.POST('/api/v1/signup', { body })),
  });
}
