// Find a delivery in any store by the customer's exact email address or the delivery's id. The
// search reads the public index (an email is matched by its keyed hash), never every store.
import { Anchor, Button, Card, Code, Group, Table, Text, TextInput } from '@mantine/core';
import { IconSearch, IconTruckDelivery } from '@tabler/icons-react';
import { useState, type SyntheticEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { DeliveryStatusBadge } from '@/components/delivery-status-badge';
import { HoverDate } from '@/components/hover-date';
import { PageHeader } from '@/components/page-header';
import { EmptyBlock } from '@/components/query-states';
import { QueryTable } from '@/components/query-table';
import { isApiError } from '@/lib/api/errors';
import { useFilterParams } from '@/lib/filter-params';
import { formatDateTime, formatRelative } from '@/lib/format';
import { pageFrom } from '@/lib/page-param';
import { DELIVERIES_PAGE_SIZE, isDeliveryId, useDeliverySearch } from '../api/deliveries';
import type { DeliverySearchQuery, IndexedDelivery } from '../api/types';
import { TenantStatusBadge } from './tenant-status-badge';

/** URL parameters -> the API query; null before anything was searched. */
export function deliverySearchFrom(params: URLSearchParams): DeliverySearchQuery | null {
  const term = params.get('q')?.trim();
  if (!term) return null;
  const query: DeliverySearchQuery = {
    page: pageFrom(params),
    page_size: DELIVERIES_PAGE_SIZE,
  };
  if (isDeliveryId(term)) query.delivery_id = term.toLowerCase();
  else query.email = term;
  return query;
}

function termError(term: string): string | null {
  if (!term) return 'Enter a customer email address or a delivery id.';
  if (!isDeliveryId(term) && !term.includes('@')) {
    return 'Enter the customer’s full email address (it must match exactly) or a delivery id.';
  }
  return null;
}

/** A 422 on the search names `email` or `delivery_id`: both belong to the one search field. */
function fieldError(error: unknown): string | null {
  if (!isApiError(error) || error.status !== 422) return null;
  const messages = [...(error.fields.email ?? []), ...(error.fields.delivery_id ?? [])];
  return messages.length > 0 ? messages.join(' ') : error.message;
}

function ResultsTable({ deliveries }: { deliveries: IndexedDelivery[] }) {
  const navigate = useNavigate();
  // The detail's back link returns to these results.
  const state = { search: useLocation().search };
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table highlightOnHover aria-label="Deliveries found">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Delivery</Table.Th>
            <Table.Th>Store</Table.Th>
            <Table.Th>Bundle</Table.Th>
            <Table.Th w={170}>Status</Table.Th>
            <Table.Th w={140}>Received</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((delivery) => (
            <Table.Tr
              key={delivery.delivery_id}
              onClick={() => void navigate(`/deliveries/${delivery.delivery_id}`, { state })}
              style={{ cursor: 'pointer' }}
              data-testid="delivery-result"
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/deliveries/${delivery.delivery_id}`}
                  state={state}
                  aria-label={`Open delivery ${delivery.delivery_id}`}
                  onClick={(event) => {
                    event.stopPropagation();
                  }}
                >
                  <Code>{delivery.delivery_id.slice(0, 8)}</Code>
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Group gap={6} wrap="nowrap">
                  <Anchor
                    component={Link}
                    to={`/tenants/${delivery.tenant.id}`}
                    fz="sm"
                    fw={600}
                    onClick={(event) => {
                      event.stopPropagation();
                    }}
                  >
                    {delivery.tenant.name}
                  </Anchor>
                  {delivery.tenant.status !== 'active' && (
                    <TenantStatusBadge status={delivery.tenant.status} />
                  )}
                </Group>
                <Text fz="xs" c="dimmed">
                  {delivery.tenant.subdomain ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm">{delivery.bundle_name}</Text>
              </Table.Td>
              <Table.Td>
                <DeliveryStatusBadge status={delivery.status} isTest={delivery.is_test} />
              </Table.Td>
              <Table.Td>
                <HoverDate
                  shown={formatRelative(delivery.created_at)}
                  exact={formatDateTime(delivery.created_at)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function DeliverySearchPage() {
  const { params, setPage } = useFilterParams();
  const navigate = useNavigate();
  const query = deliverySearchFrom(params);
  const results = useDeliverySearch(query);
  const [term, setTerm] = useState(params.get('q') ?? '');
  const [error, setError] = useState<string | null>(null);
  const apiFieldError = fieldError(results.error);

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    const value = term.trim();
    const problem = termError(value);
    setError(problem);
    if (problem) return;
    // A new entry in the history (not a replace): Back returns to the previous search.
    void navigate({ search: `?${new URLSearchParams({ q: value })}` });
  };

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Find a delivery in any store by the customer’s exact email address or the delivery id."
      />
      <Card mb="lg" padding="md">
        <form onSubmit={onSubmit} noValidate role="search" aria-label="Delivery search">
          <Group align="flex-start" gap="sm" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              label="Customer email or delivery id"
              placeholder="casey@example.com or 3f2c…"
              leftSection={<IconSearch size={16} aria-hidden />}
              value={term}
              onChange={(event) => {
                setTerm(event.currentTarget.value);
              }}
              error={error ?? apiFieldError}
              autoComplete="off"
              data-autofocus
            />
            <Button
              type="submit"
              mt={25}
              loading={results.isFetching && !results.isPlaceholderData}
            >
              Search
            </Button>
          </Group>
        </form>
      </Card>
      {query === null ? (
        <Card>
          <EmptyBlock
            icon={<IconSearch size={26} aria-hidden />}
            title="Search across every store"
            description="Email addresses are matched exactly (case and surrounding spaces do not matter). A delivery id finds exactly one delivery."
          />
        </Card>
      ) : (
        <QueryTable
          query={results}
          loadingLabel="Searching deliveries"
          loadingRows={4}
          errorTitle="Could not search deliveries"
          showError={!apiFieldError}
          empty={{
            icon: <IconTruckDelivery size={26} aria-hidden />,
            title: 'No deliveries found',
            description: query.email
              ? `No store has a delivery to ${query.email}. Check the spelling: the address must match exactly.`
              : 'No store has a delivery with this id.',
          }}
          pager={{
            page: query.page ?? 1,
            pageSize: DELIVERIES_PAGE_SIZE,
            onChange: setPage,
            label: 'deliveries',
          }}
        >
          {(data) => <ResultsTable deliveries={data.items} />}
        </QueryTable>
      )}
    </>
  );
}
