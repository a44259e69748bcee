// Customers: everyone your Klaviyo webhooks delivered to, searchable by email.
import { Anchor, Card, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { Pager } from '@/components/pager';
import { EmptyBlock, ErrorState, TableSkeleton } from '@/components/query-states';
import { formatDate, formatRelative } from '@/lib/format';
import { CUSTOMERS_PAGE_SIZE, useCustomers } from '../api/customers';

export function CustomersPage() {
  const [params, setParams] = useSearchParams();
  const email = params.get('email') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const customers = useCustomers({ email, page });
  const [search, setSearch] = useState(email);
  const apply = useDebouncedCallback((value: string) => {
    setParams(value.trim() ? { email: value.trim() } : {}, { replace: true });
  }, 300);

  return (
    <>
      <PageHeader
        title="Customers"
        description="Everyone who received files from your store. Alva adds and updates them from each webhook."
      />
      <Card mb="lg" padding="md">
        <TextInput
          label="Search by email"
          placeholder="customer@example.com"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={search}
          onChange={(event) => {
            setSearch(event.currentTarget.value);
            apply(event.currentTarget.value);
          }}
          maw={420}
        />
      </Card>
      {customers.isPending ? (
        <Card>
          <TableSkeleton label="Loading customers" rows={6} />
        </Card>
      ) : customers.isError ? (
        <ErrorState
          title="Could not load customers"
          error={customers.error}
          onRetry={() => void customers.refetch()}
        />
      ) : customers.data.count === 0 ? (
        <Card>
          <EmptyBlock
            icon={<IconUsers size={26} aria-hidden />}
            title={email ? `No customer matches “${email}”` : 'No customers yet'}
            description={
              email
                ? 'Search for part of an email address.'
                : 'Customers appear when your first delivery arrives.'
            }
          />
        </Card>
      ) : (
        <Card>
          <Stack gap={0} opacity={customers.isPlaceholderData ? 0.6 : 1}>
            <Table.ScrollContainer minWidth={680}>
              <Table highlightOnHover aria-label="Customers">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Customer</Table.Th>
                    <Table.Th w={120}>Deliveries</Table.Th>
                    <Table.Th w={120}>Downloaded</Table.Th>
                    <Table.Th w={150}>First seen</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {customers.data.items.map((customer) => {
                    const name = [customer.first_name, customer.last_name]
                      .filter(Boolean)
                      .join(' ');
                    return (
                      <Table.Tr key={customer.id}>
                        <Table.Td>
                          <Anchor
                            component={Link}
                            to={`/customers/${customer.id}`}
                            fz="sm"
                            fw={600}
                          >
                            {customer.email}
                          </Anchor>
                          {name && (
                            <Text fz="xs" c="dimmed">
                              {name}
                            </Text>
                          )}
                        </Table.Td>
                        <Table.Td>
                          <Text fz="sm">{customer.delivery_count}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text fz="sm">{customer.downloaded_count}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Tooltip label={formatDate(customer.created_at)}>
                            <Text fz="sm" c="dimmed" component="span">
                              {formatRelative(customer.created_at)}
                            </Text>
                          </Tooltip>
                        </Table.Td>
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Pager
              page={page}
              pageSize={CUSTOMERS_PAGE_SIZE}
              count={customers.data.count}
              onChange={(next) => {
                setParams(
                  (current) => {
                    const updated = new URLSearchParams(current);
                    if (next === 1) updated.delete('page');
                    else updated.set('page', String(next));
                    return updated;
                  },
                  { replace: true },
                );
              }}
              label="customers"
            />
          </Stack>
        </Card>
      )}
    </>
  );
}
