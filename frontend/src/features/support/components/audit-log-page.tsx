// The append-only audit log: who did what to which store, when and why, and what came of it;
// filtered by action, store or delivery (from the URL, so a store's page can link to its entries).
import { Anchor, Button, Card, Code, Group, Select, Table, Text, Tooltip } from '@mantine/core';
import { IconHistory, IconX } from '@tabler/icons-react';
import { Link } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { QueryTable } from '@/components/query-table';
import { useFilterParams } from '@/lib/filter-params';
import { pageFrom } from '@/lib/page-param';
import { formatDateTime, formatRelative } from '@/lib/format';
import { AUDIT_ACTION_LABELS, AUDIT_PAGE_SIZE, useAuditLog } from '../api/audit-log';
import { isDeliveryId } from '../api/deliveries';
import type { AuditAction, AuditEntry, AuditQuery } from '../api/types';
import { AuditResultBadge } from './audit-result-badge';

const ACTIONS = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label }));

function isAction(value: string | null): value is AuditAction {
  return value !== null && value in AUDIT_ACTION_LABELS;
}

/** URL parameters -> the API query. */
export function auditQueryFrom(params: URLSearchParams): AuditQuery {
  const query: AuditQuery = {
    page: pageFrom(params),
    page_size: AUDIT_PAGE_SIZE,
  };
  const action = params.get('action');
  if (isAction(action)) query.action = action;
  const tenant = params.get('tenant');
  if (tenant && /^\d+$/.test(tenant)) query.tenant_id = Number(tenant);
  const delivery = params.get('delivery');
  if (delivery && isDeliveryId(delivery)) query.delivery_id = delivery;
  return query;
}

function What({ entry }: { entry: AuditEntry }) {
  const days = entry.details.days;
  return (
    <>
      <Text fz="sm" fw={600}>
        {AUDIT_ACTION_LABELS[entry.action]}
        {entry.action === 'delivery.extend' && typeof days === 'number'
          ? ` by ${days} ${days === 1 ? 'day' : 'days'}`
          : ''}
      </Text>
      {entry.delivery_id && (
        <Anchor component={Link} to={`/deliveries/${entry.delivery_id}`} fz="xs">
          Delivery <Code fz="xs">{entry.delivery_id.slice(0, 8)}</Code>
        </Anchor>
      )}
    </>
  );
}

function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table aria-label="Audit log" verticalSpacing="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>When</Table.Th>
            <Table.Th w={200}>Who</Table.Th>
            <Table.Th w={200}>What</Table.Th>
            <Table.Th w={170}>Store</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th w={110} ta="right">
              Result
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => (
            <Table.Tr key={entry.id} data-testid="audit-row">
              <Table.Td>
                <Tooltip label={`Audit entry #${entry.id}`}>
                  <Text fz="sm" component="span">
                    {formatDateTime(entry.created_at)}
                  </Text>
                </Tooltip>
                <Text fz="xs" c="dimmed">
                  {formatRelative(entry.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text fz="sm" style={{ overflowWrap: 'anywhere' }}>
                  {entry.staff_email}
                </Text>
              </Table.Td>
              <Table.Td>
                <What entry={entry} />
              </Table.Td>
              <Table.Td>
                {entry.tenant ? (
                  <>
                    <Anchor component={Link} to={`/tenants/${entry.tenant.id}`} fz="sm">
                      {entry.tenant.name}
                    </Anchor>
                    <Text fz="xs" c="dimmed">
                      {entry.tenant.subdomain ?? ''}
                    </Text>
                  </>
                ) : (
                  <Text fz="sm" c="dimmed">
                    —
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text fz="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {entry.reason}
                </Text>
              </Table.Td>
              <Table.Td>
                <AuditResultBadge entry={entry} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function AuditLogPage() {
  const { params, update, setPage } = useFilterParams();
  const query = auditQueryFrom(params);
  const log = useAuditLog(query);

  const storeName =
    query.tenant_id && log.data?.items.find((e) => e.tenant?.id === query.tenant_id)?.tenant?.name;
  const filtered = Boolean(query.action || query.tenant_id || query.delivery_id);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every support action, newest first: who did it, to which store, when and why. Entries are never changed or deleted."
      />
      <Card mb="lg" padding="md">
        <Group align="flex-end" gap="sm">
          <Select
            label="Action"
            placeholder="Any action"
            data={ACTIONS}
            value={query.action ?? null}
            onChange={(value) => {
              update({ action: value });
            }}
            clearable
            w={260}
          />
          {query.tenant_id && (
            <Button
              variant="light"
              rightSection={<IconX size={14} aria-hidden />}
              onClick={() => {
                update({ tenant: null });
              }}
              aria-label={`Show every store (now only ${storeName || `store #${query.tenant_id}`})`}
            >
              Store: {storeName || `#${query.tenant_id}`}
            </Button>
          )}
          {query.delivery_id && (
            <Button
              variant="light"
              rightSection={<IconX size={14} aria-hidden />}
              onClick={() => {
                update({ delivery: null });
              }}
              aria-label="Show every delivery"
            >
              Delivery: {query.delivery_id.slice(0, 8)}
            </Button>
          )}
        </Group>
      </Card>
      <QueryTable
        query={log}
        loadingLabel="Loading the audit log"
        errorTitle="Could not load the audit log"
        empty={{
          icon: <IconHistory size={26} aria-hidden />,
          title: filtered ? 'No entries match' : 'No support actions yet',
          description: filtered
            ? 'Nothing was done with these filters.'
            : 'Suspensions, resends and link extensions appear here, with their reasons.',
        }}
        pager={{
          page: query.page ?? 1,
          pageSize: AUDIT_PAGE_SIZE,
          onChange: setPage,
          label: 'entries',
        }}
      >
        {(data) => <AuditTable entries={data.items} />}
      </QueryTable>
    </>
  );
}
