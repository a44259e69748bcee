// One QueryClient per app. On a store host a 401 from any call means the session is gone.
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isApiError } from './api/errors';
import { sessionQueryKey } from './session';

function retry(failureCount: number, error: unknown): boolean {
  // Client errors do not get better by asking again; network and server errors might.
  if (isApiError(error) && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient({ trackSession }: { trackSession: boolean }): QueryClient {
  const onError = (error: unknown) => {
    if (trackSession && isApiError(error) && error.code === 'not_authenticated') {
      queryClient.setQueryData(sessionQueryKey, null);
    }
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry, refetchOnWindowFocus: false, staleTime: 30_000 },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
