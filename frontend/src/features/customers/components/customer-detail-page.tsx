// One customer: what the webhooks told Alva about them, and every delivery they received.
import {
  Alert,
  Anchor,
  Badge,
  Breadcrumbs,
  Button,
  Card,
  Code,
  Grid,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconEraser, IconTruckDelivery } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { DeliveryStatusBadge } from '@/components/delivery-status-badge';
import { HoverDate } from '@/components/hover-date';
import { EmptyBlock, ErrorState, LoadingState } from '@/components/query-states';
import { errorMessage, isApiError } from '@/lib/api/errors';
import { formatDateTime, formatRelative } from '@/lib/format';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useCustomer, useEraseCustomer } from '../api/customers';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text fz="sm" fw={500} ta="right" component="div" style={{ overflowWrap: 'anywhere' }}>
        {children}
      </Text>
    </Group>
  );
}

function EraseButton({ customerId, email }: { customerId: string; email: string }) {
  const erase = useEraseCustomer(customerId);
  const confirm = () => {
    modals.openConfirmModal({
      title: 'Erase this customer’s personal data?',
      children: (
        <Stack gap="xs">
          <Text fz="sm">
            {email}’s email, names, phone, IP addresses and webhook bodies are replaced by a
            pseudonym now, for example after a deletion request. Their deliveries and your analytics
            stay.
          </Text>
          <Text fz="sm">
            Deliveries still undecided are revoked, live download links stop working and events not
            yet sent to Klaviyo are cancelled. This cannot be undone.
          </Text>
        </Stack>
      ),
      labels: { confirm: 'Erase personal data', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        erase.mutate(undefined, {
          onSuccess: (result) =>
            notifications.show({
              color: 'teal',
              title: result.already_erased ? 'Already erased' : 'Personal data erased',
              message: `${result.deliveries} ${result.deliveries === 1 ? 'delivery' : 'deliveries'} kept under a pseudonym; ${result.tokens_revoked} download links revoked.`,
            }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Not erased',
              message: errorMessage(error),
            }),
        });
      },
    });
  };
  return (
    <Button
      variant="default"
      c="red"
      leftSection={<IconEraser size={16} aria-hidden />}
      loading={erase.isPending}
      onClick={confirm}
    >
      Erase personal data
    </Button>
  );
}

export function CustomerDetailPage() {
  const { customerId = '' } = useParams();
  const session = useSession();
  const customer = useCustomer(customerId);

  if (customer.isPending) return <LoadingState label="Loading customer…" />;
  if (customer.isError) {
    const missing = isApiError(customer.error) && customer.error.status === 404;
    return (
      <Stack>
        <ErrorState
          title={missing ? 'This customer does not exist' : 'Could not load this customer'}
          error={customer.error}
          onRetry={missing ? undefined : () => void customer.refetch()}
        />
        <Anchor component={Link} to="/customers">
          Back to customers
        </Anchor>
      </Stack>
    );
  }
  const data = customer.data;
  const name = [data.first_name, data.last_name].filter(Boolean).join(' ');

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Breadcrumbs>
          <Anchor component={Link} to="/customers" fz="sm">
            Customers
          </Anchor>
          <Text fz="sm" c="dimmed">
            {data.email}
          </Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-end">
          <Stack gap={4}>
            <Group gap="sm">
              <Title order={1} fz={26}>
                {name || data.email}
              </Title>
              {data.redacted_at && (
                <Badge variant="light" color="gray" radius="sm">
                  Redacted
                </Badge>
              )}
            </Group>
            {name && <Text c="dimmed">{data.email}</Text>}
          </Stack>
          {roleAtLeast(session.role, 'admin') && !data.redacted_at && (
            <EraseButton customerId={data.id} email={data.email} />
          )}
        </Group>
      </Stack>
      {data.redacted_at && (
        <Alert variant="light" color="gray">
          Personal data was replaced by a pseudonym on {formatDateTime(data.redacted_at)}.
        </Alert>
      )}
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <Card>
            <Title order={2} fz="lg" mb="md">
              Profile
            </Title>
            <Stack gap={8}>
              <Field label="Email">{data.email}</Field>
              <Field label="Name">{name || '—'}</Field>
              <Field label="Phone">{data.phone || '—'}</Field>
              <Field label="Klaviyo profile">
                {data.klaviyo_profile_id ? <Code>{data.klaviyo_profile_id}</Code> : '—'}
              </Field>
              <Field label="External id">{data.external_id || '—'}</Field>
              <Field label="First seen">{formatDateTime(data.created_at)}</Field>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 8 }}>
          <Card>
            <Title order={2} fz="lg" mb="md">
              Deliveries
            </Title>
            {data.deliveries.length === 0 ? (
              <EmptyBlock
                icon={<IconTruckDelivery size={26} aria-hidden />}
                title="No deliveries"
              />
            ) : (
              <Table.ScrollContainer minWidth={560}>
                <Table highlightOnHover aria-label="Deliveries of this customer">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Bundle</Table.Th>
                      <Table.Th w={170}>Status</Table.Th>
                      <Table.Th w={140}>Received</Table.Th>
                      <Table.Th w={90} />
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.deliveries.map((delivery) => (
                      <Table.Tr key={delivery.id}>
                        <Table.Td>
                          <Text fz="sm" fw={500}>
                            {delivery.bundle.name}
                          </Text>
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
                        <Table.Td ta="right">
                          <Anchor
                            component={Link}
                            to={`/deliveries?delivery=${delivery.id}`}
                            fz="sm"
                            aria-label={`Open delivery of ${delivery.bundle.name}`}
                          >
                            Open
                          </Anchor>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
