// Customers, built from webhooks: the list with email search, and one customer with deliveries.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import { queryKeys } from '@/lib/query-keys';

export const CUSTOMERS_PAGE_SIZE = 25;

export function useCustomers({ email, page }: { email: string; page: number }) {
  const query = { page, page_size: CUSTOMERS_PAGE_SIZE, ...(email ? { email } : {}) };
  return useQuery({
    queryKey: queryKeys.customerList(query),
    queryFn: ({ signal }) =>
      unwrap(merchantApi.GET('/api/v1/customers', { params: { query }, signal })),
    placeholderData: (previous) => previous,
  });
}

export function useCustomer(customerId: string) {
  return useQuery({
    queryKey: queryKeys.customer(customerId),
    queryFn: ({ signal }) =>
      unwrap(
        merchantApi.GET('/api/v1/customers/{customer_id}', {
          params: { path: { customer_id: customerId } },
          signal,
        }),
      ),
  });
}

/** Erase a customer's personal data now (their deliveries stay, under a pseudonym). */
export function useEraseCustomer(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      unwrap(
        merchantApi.DELETE('/api/v1/customers/{customer_id}', {
          params: { path: { customer_id: customerId } },
        }),
      ),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.customers }),
        queryClient.invalidateQueries({ queryKey: queryKeys.deliveries }),
      ]),
  });
}
