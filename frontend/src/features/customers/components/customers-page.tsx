// Customers: everyone your Klaviyo webhooks delivered to, searchable by email.
import { Anchor, Card, Table, Text, TextInput } from '@mantine/core';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { Link } from 'react-router';
import { HoverDate } from '@/components/hover-date';
import { PageHeader } from '@/components/page-header';
import { QueryTable } from '@/components/query-table';
import { useFilterParams, useTextFilter } from '@/lib/filter-params';
import { pageFrom } from '@/lib/page-param';
import { formatDate, formatRelative } from '@/lib/format';
import { CUSTOMERS_PAGE_SIZE, useCustomers } from '../api/customers';

export function CustomersPage() {
  const filters = useFilterParams();
  const email = filters.params.get('email') ?? '';
  const page = pageFrom(filters.params);
  const customers = useCustomers({ email, page });
  const search = useTextFilter(filters, 'email');

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
          {...search.input}
          maw={420}
        />
      </Card>
      <QueryTable
        query={customers}
        loadingLabel="Loading customers"
        errorTitle="Could not load customers"
        empty={{
          icon: <IconUsers size={26} aria-hidden />,
          title: email ? `No customer matches “${email}”` : 'No customers yet',
          description: email
            ? 'Search for part of an email address.'
            : 'Customers appear when your first delivery arrives.',
        }}
        pager={{
          page,
          pageSize: CUSTOMERS_PAGE_SIZE,
          onChange: filters.setPage,
          label: 'customers',
        }}
      >
        {(data) => (
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
                {data.items.map((customer) => {
                  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ');
                  return (
                    <Table.Tr key={customer.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/customers/${customer.id}`} fz="sm" fw={600}>
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
                        <HoverDate
                          shown={formatRelative(customer.created_at)}
                          exact={formatDate(customer.created_at)}
                        />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryTable>
    </>
  );
}
