// The analytics summary for a range of days.
import { useQuery } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

export function useAnalytics(from: string, to: string) {
  const query = { from, to };
  return useQuery({
    queryKey: queryKeys.analytics(query),
    queryFn: ({ signal }) =>
      unwrap(merchantApi.GET('/api/v1/analytics/summary', { params: { query }, signal })),
    placeholderData: (previous) => previous,
  });
}
