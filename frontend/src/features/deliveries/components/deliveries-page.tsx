// Deliveries: every accepted webhook call, searchable and filterable; a row opens its detail.
// Filters live in the URL, so a filtered view can be bookmarked or shared with a teammate.
import { Card, Select, SimpleGrid, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconSearch, IconTruckDelivery } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { DateRangeInput } from '@/components/date-range-input';
import { DELIVERY_STATUSES, DeliveryStatusBadge } from '@/components/delivery-status-badge';
import { PageHeader } from '@/components/page-header';
import { ClearFiltersLink, QueryTable } from '@/components/query-table';
import type { Delivery } from '@/lib/api/types';
import { useFilterParams, useTextFilter } from '@/lib/filter-params';
import { formatDateTime, formatRelative } from '@/lib/format';
import { bundleOptionsQuery } from '@/lib/shared-queries';
import { useDeliveries } from '../api/deliveries';
import { DELIVERIES_PAGE_SIZE, DELIVERY_SORTS, deliveryQueryFrom } from '../api/list';
import { DeliveryDrawer } from './delivery-drawer';

function customerName(delivery: Delivery): string {
  return [delivery.customer.first_name, delivery.customer.last_name].filter(Boolean).join(' ');
}

/**
 * The first paint of the page waits for these rows, so they stay cheap to render: a native scroll
 * container (not a ScrollArea) and the exact time as a `title` (not one Tooltip per row).
 */
function DeliveriesTable({
  deliveries,
  onOpen,
}: {
  deliveries: Delivery[];
  onOpen: (id: string) => void;
}) {
  return (
    <Table.ScrollContainer minWidth={820} type="native">
      <Table highlightOnHover aria-label="Deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Customer</Table.Th>
            <Table.Th>Bundle</Table.Th>
            <Table.Th w={170}>Status</Table.Th>
            <Table.Th w={90}>Fraud</Table.Th>
            <Table.Th w={140}>Received</Table.Th>
            <Table.Th w={140}>First download</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((delivery) => (
            <Table.Tr
              key={delivery.id}
              onClick={() => {
                onOpen(delivery.id);
              }}
              style={{ cursor: 'pointer' }}
              data-testid="delivery-row"
            >
              <Table.Td>
                <UnstyledButton
                  onClick={(event) => {
                    event.stopPropagation();
                    onOpen(delivery.id);
                  }}
                  aria-label={`Open delivery to ${delivery.customer.email}`}
                >
                  <Text fz="sm" fw={600} c="alva.7">
                    {delivery.customer.email}
                  </Text>
                  {customerName(delivery) && (
                    <Text fz="xs" c="dimmed">
                      {customerName(delivery)}
                    </Text>
                  )}
                </UnstyledButton>
              </Table.Td>
              <Table.Td>
                <Text fz="sm">{delivery.bundle.name}</Text>
              </Table.Td>
              <Table.Td>
                <DeliveryStatusBadge status={delivery.status} isTest={delivery.is_test} />
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c={delivery.fraud_score === null ? 'dimmed' : undefined}>
                  {delivery.fraud_score ?? '—'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text
                  fz="sm"
                  c="dimmed"
                  component="time"
                  dateTime={delivery.created_at}
                  title={formatDateTime(delivery.created_at)}
                >
                  {formatRelative(delivery.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c="dimmed">
                  {delivery.first_download_at ? formatRelative(delivery.first_download_at) : '—'}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function DeliveriesPage() {
  const filters = useFilterParams();
  const { params, update, setPage, clear } = filters;
  const query = deliveryQueryFrom(params);
  const deliveries = useDeliveries(query);
  const bundles = useQuery(bundleOptionsQuery);
  const email = useTextFilter(filters, 'email');
  const openId = params.get('delivery');

  const filtered = Boolean(
    query.email || query.status || query.bundle_id || query.created_after || query.created_before,
  );

  return (
    <>
      <PageHeader
        title="Deliveries"
        description="Every webhook call Alva accepted, with its fraud decision, download link and downloads."
      />
      <Card mb="lg" padding="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm">
          <TextInput
            label="Customer email"
            placeholder="Search by email"
            leftSection={<IconSearch size={16} aria-hidden />}
            {...email.input}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={DELIVERY_STATUSES}
            value={query.status ?? null}
            onChange={(value) => {
              update({ status: value });
            }}
            clearable
          />
          <Select
            label="Bundle"
            placeholder="Any bundle"
            data={bundles.data ?? []}
            value={query.bundle_id ?? null}
            onChange={(value) => {
              update({ bundle: value });
            }}
            clearable
            searchable
            nothingFoundMessage="No bundle"
          />
          <DateRangeInput
            label="Received"
            from={params.get('from')}
            to={params.get('to')}
            onChange={(start, end) => {
              update({ from: start, to: end });
            }}
          />
          <Select
            label="Sort"
            data={DELIVERY_SORTS}
            value={query.sort ?? '-created_at'}
            onChange={(value) => {
              update({ sort: value === '-created_at' ? null : value });
            }}
            allowDeselect={false}
          />
        </SimpleGrid>
      </Card>
      <QueryTable
        query={deliveries}
        loadingLabel="Loading deliveries"
        errorTitle="Could not load deliveries"
        empty={{
          icon: <IconTruckDelivery size={26} aria-hidden />,
          title: filtered ? 'No deliveries match these filters' : 'No deliveries yet',
          description: filtered
            ? 'Try another email, status, bundle or date range.'
            : 'When a Klaviyo flow calls a bundle’s webhook, or you send a test, the delivery shows up here.',
          action: filtered && (
            <ClearFiltersLink
              onClick={() => {
                email.reset();
                clear();
              }}
            />
          ),
        }}
        pager={{
          page: query.page ?? 1,
          pageSize: DELIVERIES_PAGE_SIZE,
          onChange: setPage,
          label: 'deliveries',
        }}
      >
        {(data) => (
          <DeliveriesTable
            deliveries={data.items}
            onOpen={(id) => {
              update({ delivery: id }, true);
            }}
          />
        )}
      </QueryTable>
      <DeliveryDrawer
        deliveryId={openId}
        onClose={() => {
          update({ delivery: null }, true);
        }}
      />
    </>
  );
}
