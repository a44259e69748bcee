// Every store: search by name, subdomain or owner email, filter by status, sort, page through;
// a row opens the store's health. Filters live in the URL so a view can be shared in a ticket.
import { Anchor, Card, Select, SimpleGrid, Table, Text, TextInput } from '@mantine/core';
import { IconBuildingStore, IconSearch } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { HoverDate } from '@/components/hover-date';
import { PageHeader } from '@/components/page-header';
import { ClearFiltersLink, QueryTable } from '@/components/query-table';
import { useFilterParams, useTextFilter } from '@/lib/filter-params';
import { pageFrom } from '@/lib/page-param';
import { formatDate, formatDateTime } from '@/lib/format';
import { TENANTS_PAGE_SIZE, useTenants } from '../api/tenants';
import type { SupportTenant, TenantQuery, TenantSort } from '../api/types';
import { TenantStatusBadge } from './tenant-status-badge';

const SORTS: { value: TenantSort; label: string }[] = [
  { value: '-created_at', label: 'Newest first' },
  { value: 'created_at', label: 'Oldest first' },
  { value: 'name', label: 'Name A–Z' },
  { value: '-name', label: 'Name Z–A' },
  { value: 'subdomain', label: 'Subdomain A–Z' },
  { value: '-subdomain', label: 'Subdomain Z–A' },
  { value: 'status', label: 'Status A–Z' },
  { value: '-status', label: 'Status Z–A' },
];

const STATUSES = [
  { value: 'active', label: 'Active' },
  { value: 'suspended', label: 'Suspended' },
];

/** URL parameters -> the API query. */
export function tenantQueryFrom(params: URLSearchParams): TenantQuery {
  const query: TenantQuery = {
    page: pageFrom(params),
    page_size: TENANTS_PAGE_SIZE,
    sort: SORTS.find((s) => s.value === params.get('sort'))?.value ?? '-created_at',
  };
  const search = params.get('q')?.trim();
  if (search) query.search = search;
  const status = params.get('status');
  if (status === 'active' || status === 'suspended') query.status = status;
  return query;
}

function TenantsTable({ tenants }: { tenants: SupportTenant[] }) {
  const navigate = useNavigate();
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover aria-label="Stores">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Store</Table.Th>
            <Table.Th>Owner</Table.Th>
            <Table.Th w={110}>Plan</Table.Th>
            <Table.Th w={120}>Status</Table.Th>
            <Table.Th w={130}>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tenants.map((tenant) => (
            <Table.Tr
              key={tenant.id}
              onClick={() => void navigate(`/tenants/${tenant.id}`)}
              style={{ cursor: 'pointer' }}
              data-testid="tenant-row"
            >
              <Table.Td>
                <Anchor
                  component={Link}
                  to={`/tenants/${tenant.id}`}
                  fz="sm"
                  fw={600}
                  onClick={(event) => {
                    event.stopPropagation();
                  }}
                >
                  {tenant.name}
                </Anchor>
                <Text fz="xs" c="dimmed">
                  {tenant.subdomain ?? 'no subdomain'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c={tenant.owner_email ? undefined : 'dimmed'}>
                  {tenant.owner_email ?? 'No owner'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" tt="capitalize">
                  {tenant.plan_code}
                </Text>
              </Table.Td>
              <Table.Td>
                <TenantStatusBadge status={tenant.status} />
              </Table.Td>
              <Table.Td>
                <HoverDate
                  shown={formatDate(tenant.created_at)}
                  exact={formatDateTime(tenant.created_at)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function TenantsPage() {
  const filters = useFilterParams();
  const { params, update, setPage, clear } = filters;
  const query = tenantQueryFrom(params);
  const tenants = useTenants(query);
  const search = useTextFilter(filters, 'q');
  const filtered = Boolean(query.search || query.status);

  return (
    <>
      <PageHeader
        title="Stores"
        description="Every store on Alva. Open one to see its plan, usage, Klaviyo connection and webhook health."
      />
      <Card mb="lg" padding="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput
            label="Search stores"
            placeholder="Name, subdomain or owner email"
            leftSection={<IconSearch size={16} aria-hidden />}
            {...search.input}
          />
          <Select
            label="Status"
            placeholder="Any status"
            data={STATUSES}
            value={query.status ?? null}
            onChange={(value) => {
              update({ status: value });
            }}
            clearable
          />
          <Select
            label="Sort"
            data={SORTS}
            value={query.sort ?? '-created_at'}
            onChange={(value) => {
              update({ sort: value === '-created_at' ? null : value });
            }}
            allowDeselect={false}
          />
        </SimpleGrid>
      </Card>
      <QueryTable
        query={tenants}
        loadingLabel="Loading stores"
        errorTitle="Could not load stores"
        empty={{
          icon: <IconBuildingStore size={26} aria-hidden />,
          title: filtered ? 'No stores match' : 'No stores yet',
          description: filtered
            ? 'Try part of the name, the subdomain or the owner’s email address.'
            : 'Stores appear here as soon as someone signs up.',
          action: filtered && (
            <ClearFiltersLink
              onClick={() => {
                search.reset();
                clear();
              }}
            />
          ),
        }}
        pager={{
          page: query.page ?? 1,
          pageSize: TENANTS_PAGE_SIZE,
          onChange: setPage,
          label: 'stores',
        }}
      >
        {(data) => <TenantsTable tenants={data.items} />}
      </QueryTable>
    </>
  );
}
