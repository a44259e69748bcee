// Settings > Webhook log: every call to the store's webhooks, accepted or not, and why.
import { Anchor, Badge, Card, Code, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconWebhook } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { DateRangeInput } from '@/components/date-range-input';
import { HoverDate } from '@/components/hover-date';
import { PageHeader } from '@/components/page-header';
import { QueryTable } from '@/components/query-table';
import type { WebhookCall, WebhookLogQuery } from '@/lib/api/types';
import { useFilterParams } from '@/lib/filter-params';
import { pageFrom } from '@/lib/page-param';
import { formatDateTime, formatRelative } from '@/lib/format';
import { bundleOptionsQuery } from '@/lib/shared-queries';
import { WEBHOOK_LOG_PAGE_SIZE, useWebhookLog } from '../api/webhooks';

const OUTCOMES = [
  { value: 'accepted', label: 'Accepted' },
  { value: 'duplicate', label: 'Duplicate' },
  { value: 'rejected', label: 'Rejected' },
];

const OUTCOME_COLORS: Record<string, string> = {
  accepted: 'teal',
  duplicate: 'blue',
  rejected: 'red',
};

function localDay(day: string | null, offsetDays = 0): string | undefined {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const [year, month, date] = day.split('-').map(Number);
  return new Date(year ?? 1970, (month ?? 1) - 1, (date ?? 1) + offsetDays).toISOString();
}

export function webhookLogQueryFrom(params: URLSearchParams): WebhookLogQuery {
  const query: WebhookLogQuery = {
    page: pageFrom(params),
    page_size: WEBHOOK_LOG_PAGE_SIZE,
  };
  const outcome = params.get('outcome');
  if (outcome && OUTCOMES.some((o) => o.value === outcome)) query.outcome = outcome;
  const bundle = params.get('bundle');
  if (bundle) query.bundle_id = bundle;
  const after = localDay(params.get('from'));
  if (after) query.received_after = after;
  const before = localDay(params.get('to'), 1);
  if (before) query.received_before = before;
  return query;
}

function Result({ call }: { call: WebhookCall }) {
  if (call.outcome === 'accepted' && call.delivery_id) {
    return (
      <Anchor component={Link} to={`/deliveries?delivery=${call.delivery_id}`} fz="sm">
        Open delivery
      </Anchor>
    );
  }
  if (call.outcome === 'duplicate' && call.duplicate_of) {
    return (
      <Text fz="sm">
        Duplicate of{' '}
        <Anchor component={Link} to={`/deliveries?delivery=${call.duplicate_of}`} fz="sm">
          delivery {call.duplicate_of.slice(0, 8)}
        </Anchor>
      </Text>
    );
  }
  if (call.error_code || call.error_message) {
    return (
      <Stack gap={2}>
        {call.error_code && <Code fz="xs">{call.error_code}</Code>}
        {call.error_message && (
          <Text fz="xs" c="dimmed">
            {call.error_message}
          </Text>
        )}
      </Stack>
    );
  }
  return (
    <Text fz="sm" c="dimmed">
      —
    </Text>
  );
}

export function WebhookLogPage() {
  const { params, update, setPage } = useFilterParams();
  const query = webhookLogQueryFrom(params);
  const log = useWebhookLog(query);
  const bundles = useQuery(bundleOptionsQuery);
  const bundleNames = new Map((bundles.data ?? []).map((b) => [b.value, b.label]));
  const filtered = Boolean(
    query.outcome || query.bundle_id || query.received_after || query.received_before,
  );

  return (
    <>
      <PageHeader
        title="Webhook log"
        description="Every call Klaviyo (or anyone) made to your webhooks, with what Alva answered."
      />
      <Card mb="lg" padding="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <Select
            label="Outcome"
            placeholder="Any outcome"
            data={OUTCOMES}
            value={query.outcome ?? null}
            onChange={(value) => {
              update({ outcome: value });
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
          />
          <DateRangeInput
            label="Received"
            from={params.get('from')}
            to={params.get('to')}
            onChange={(from, to) => {
              update({ from, to });
            }}
          />
        </SimpleGrid>
      </Card>
      <QueryTable
        query={log}
        loadingLabel="Loading the webhook log"
        errorTitle="Could not load the webhook log"
        empty={{
          icon: <IconWebhook size={26} aria-hidden />,
          title: filtered ? 'No calls match these filters' : 'No webhook calls yet',
          description: filtered
            ? 'Try another outcome, bundle or date range.'
            : 'Calls appear here as soon as a Klaviyo flow (or Send Test) reaches one of your webhooks.',
        }}
        pager={{
          page: query.page ?? 1,
          pageSize: WEBHOOK_LOG_PAGE_SIZE,
          onChange: setPage,
          label: 'calls',
        }}
      >
        {(data) => (
          <Table.ScrollContainer minWidth={820}>
            <Table aria-label="Webhook calls">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={150}>Received</Table.Th>
                  <Table.Th w={130}>Outcome</Table.Th>
                  <Table.Th w={80}>Status</Table.Th>
                  <Table.Th w={200}>Bundle</Table.Th>
                  <Table.Th>Result</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.items.map((call) => (
                  <Table.Tr key={call.id}>
                    <Table.Td>
                      <HoverDate
                        shown={formatRelative(call.received_at)}
                        exact={formatDateTime(call.received_at)}
                        dimmed={false}
                      />
                    </Table.Td>
                    <Table.Td>
                      <Badge
                        variant="light"
                        radius="sm"
                        color={OUTCOME_COLORS[call.outcome] ?? 'gray'}
                      >
                        {call.outcome}
                      </Badge>
                      {call.is_test && (
                        <Badge ml={6} variant="outline" color="gray" radius="sm">
                          Test
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Code>{call.status_code}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" truncate maw={200}>
                        {call.bundle_id
                          ? (bundleNames.get(call.bundle_id) ?? 'Deleted bundle')
                          : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Result call={call} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryTable>
    </>
  );
}
