// One store's health for support: plan, usage, Klaviyo connection, the last 24 hours of webhooks,
// the Klaviyo outbox backlog, and Suspend / Unsuspend (each with a reason, both audited).
import {
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconExternalLink,
  IconHistory,
  IconPlayerPause,
  IconPlayerPlay,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DetailRow } from '@/components/detail-row';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import { ApiError } from '@/lib/api/errors';
import {
  formatBytes,
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  formatRelative,
} from '@/lib/format';
import { useTenant, useTenantStatusChange, type TenantStatusChange } from '../api/tenants';
import type { SupportTenantDetail } from '../api/types';
import { BackLink, DetailCard } from './detail-parts';
import { ReasonModal } from './reason-modal';
import { TenantStatusBadge } from './tenant-status-badge';

const KLAVIYO_HEALTH: Record<string, { label: string; color: string }> = {
  connected: { label: 'Connected', color: 'teal' },
  failing: { label: 'Failing', color: 'yellow' },
  revoked: { label: 'Credentials revoked', color: 'red' },
  disconnected: { label: 'Not connected', color: 'gray' },
};

const KLAVIYO_MODES: Record<string, string> = { api_key: 'Private API key', oauth: 'OAuth' };

function Usage({
  label,
  used,
  limit,
  format = formatNumber,
}: {
  label: string;
  used: number;
  limit: number;
  format?: (value: number) => string;
}) {
  const ratio = limit > 0 ? used / limit : 0;
  return (
    <div>
      <Group justify="space-between">
        <Text fz="sm" c="dimmed">
          {label}
        </Text>
        <Text fz="sm" fw={600}>
          {format(used)} of {format(limit)}
        </Text>
      </Group>
      <Progress
        value={Math.min(100, ratio * 100)}
        color={ratio >= 1 ? 'red' : ratio >= 0.8 ? 'yellow' : 'alva'}
        size="sm"
        radius="xl"
        aria-label={`${label}: ${format(used)} of ${format(limit)}`}
      />
    </div>
  );
}

function Count({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0} align="flex-start">
      <Text fz={22} fw={700} c={value > 0 ? color : undefined} lh={1.2}>
        {formatNumber(value)}
      </Text>
      <Text fz="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

function StoreCard({ tenant }: { tenant: SupportTenantDetail }) {
  return (
    <DetailCard title="Store">
      <DetailRow label="Subdomain">{tenant.subdomain ?? '—'}</DetailRow>
      {tenant.url && (
        <DetailRow label="Dashboard">
          <Anchor href={tenant.url} target="_blank" rel="noreferrer" fz="sm">
            <Group gap={4} component="span" wrap="nowrap">
              {tenant.url}
              <IconExternalLink size={14} aria-label="(opens in a new tab)" />
            </Group>
          </Anchor>
        </DetailRow>
      )}
      <DetailRow label="Schema">
        <Code>{tenant.schema_name}</Code>
      </DetailRow>
      <DetailRow label="Created">{formatDateTime(tenant.created_at)}</DetailRow>
      <DetailRow label="Owners">
        {tenant.owners.length > 0 ? (
          <Stack gap={0} align="flex-end">
            {tenant.owners.map((owner) => (
              <span key={owner}>{owner}</span>
            ))}
          </Stack>
        ) : (
          'None'
        )}
      </DetailRow>
      <DetailRow label="Members">{formatNumber(tenant.member_count)}</DetailRow>
    </DetailCard>
  );
}

function PlanCard({ tenant }: { tenant: SupportTenantDetail }) {
  const { plan, usage } = tenant;
  return (
    <DetailCard title="Plan and usage">
      <DetailRow label="Plan">
        {plan.name} <Code>{plan.code}</Code>
      </DetailRow>
      <DetailRow label="Subscription">{plan.subscription_status ?? 'None (free plan)'}</DetailRow>
      <DetailRow label="Billing period">
        {formatDate(plan.period_start)} – {formatDate(plan.period_end)}
      </DetailRow>
      {plan.past_due_since && (
        <DetailRow label="Past due since">
          <Text component="span" c="red" fz="sm" fw={600}>
            {formatDateTime(plan.past_due_since)}
          </Text>
        </DetailRow>
      )}
      <Stack gap="sm" mt="xs">
        <Usage
          label="Deliveries this period"
          used={usage.deliveries}
          limit={usage.deliveries_limit}
        />
        <Usage
          label="Storage"
          used={usage.storage_bytes}
          limit={usage.storage_limit_bytes}
          format={formatBytes}
        />
        <Usage label="Active bundles" used={usage.bundles} limit={usage.bundle_limit} />
      </Stack>
    </DetailCard>
  );
}

function KlaviyoCard({ tenant }: { tenant: SupportTenantDetail }) {
  const { klaviyo } = tenant;
  const health = KLAVIYO_HEALTH[klaviyo.health] ?? { label: klaviyo.health, color: 'gray' };
  return (
    <DetailCard
      title="Klaviyo connection"
      actions={
        <Badge variant="light" color={health.color} radius="sm">
          {health.label}
        </Badge>
      }
    >
      <DetailRow label="Mode">
        {klaviyo.mode ? (KLAVIYO_MODES[klaviyo.mode] ?? klaviyo.mode) : '—'}
      </DetailRow>
      <DetailRow label="Account">
        {klaviyo.account_name || klaviyo.account_id ? (
          <>
            {klaviyo.account_name || 'Unnamed'}
            {klaviyo.account_id && (
              <>
                {' '}
                <Code>{klaviyo.account_id}</Code>
              </>
            )}
          </>
        ) : (
          '—'
        )}
      </DetailRow>
      <DetailRow label="Connected">
        {klaviyo.connected_at ? formatDateTime(klaviyo.connected_at) : '—'}
      </DetailRow>
      <DetailRow label="Last error">
        {klaviyo.last_error ? (
          <Text component="span" c="red" fz="sm">
            {klaviyo.last_error}
            {klaviyo.last_error_at && ` (${formatRelative(klaviyo.last_error_at)})`}
          </Text>
        ) : (
          'None'
        )}
      </DetailRow>
    </DetailCard>
  );
}

function OutboxCard({ tenant }: { tenant: SupportTenantDetail }) {
  const { outbox } = tenant;
  return (
    <DetailCard title="Klaviyo event outbox">
      <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="sm">
        <Count label="Pending" value={outbox.pending} color="yellow.8" />
        <Count label="Sending" value={outbox.sending} />
        <Count
          label="Waiting for connection"
          value={outbox.waiting_for_connection}
          color="orange.8"
        />
        <Count label="Failed (24 h)" value={outbox.failed_24h} color="red" />
      </SimpleGrid>
      <DetailRow label="Oldest unsent event">
        {outbox.oldest_unsent_at ? (
          <Tooltip label={formatDateTime(outbox.oldest_unsent_at)}>
            <span>{formatRelative(outbox.oldest_unsent_at)}</span>
          </Tooltip>
        ) : (
          'None: nothing waiting'
        )}
      </DetailRow>
    </DetailCard>
  );
}

function WebhooksCard({ tenant }: { tenant: SupportTenantDetail }) {
  const webhooks = tenant.webhooks_24h;
  return (
    <DetailCard title="Webhooks, last 24 hours">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <Count label="Accepted" value={webhooks.accepted} color="teal" />
        <Count label="Duplicates" value={webhooks.duplicate} />
        <Count label="Rejected" value={webhooks.rejected} color="red" />
        <Stack gap={0} align="flex-start">
          <Text fz={22} fw={700} lh={1.2} c={webhooks.reject_rate > 0.05 ? 'red' : undefined}>
            {formatPercent(webhooks.reject_rate)}
          </Text>
          <Text fz="xs" c="dimmed">
            Reject rate
          </Text>
        </Stack>
      </SimpleGrid>
      {webhooks.last_errors.length === 0 ? (
        <Text fz="sm" c="dimmed">
          No rejected calls in the last 24 hours.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={560}>
          <Table fz="sm" verticalSpacing={6} aria-label="Last webhook errors">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={150}>Received</Table.Th>
                <Table.Th w={80}>Status</Table.Th>
                <Table.Th>Error</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {webhooks.last_errors.map((error, index) => (
                <Table.Tr key={`${error.received_at}-${index}`}>
                  <Table.Td>
                    <Text fz="xs">{formatDateTime(error.received_at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Code>{error.status_code}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text fz="sm" fw={500}>
                      {error.error_code}
                    </Text>
                    <Text fz="xs" c="dimmed">
                      {error.error_message}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </DetailCard>
  );
}

const CHANGES: Record<
  TenantStatusChange,
  { title: (name: string) => string; body: string; confirm: string; done: (name: string) => string }
> = {
  suspend: {
    title: (name) => `Suspend ${name}?`,
    body: 'Within a minute the store’s dashboard, API, webhooks and download pages answer “store suspended”, and no events go to Klaviyo. Nothing is deleted: unsuspending restores everything.',
    confirm: 'Suspend store',
    done: (name) => `${name} is suspended.`,
  },
  unsuspend: {
    title: (name) => `Unsuspend ${name}?`,
    body: 'Within a minute the store answers again: its dashboard, API, webhooks and download pages work as before.',
    confirm: 'Unsuspend store',
    done: (name) => `${name} is active again.`,
  },
};

export function TenantDetailPage() {
  const { tenantId = '' } = useParams();
  const id = /^\d+$/.test(tenantId) ? Number(tenantId) : 0;
  const tenant = useTenant(id);
  const change = useTenantStatusChange(id);
  // The last change asked for stays while the modal closes, so its title does not flicker.
  const [changing, setChanging] = useState<TenantStatusChange>('suspend');
  const [confirming, setConfirming] = useState(false);

  if (id === 0) {
    return (
      <>
        <BackLink to="/tenants">Stores</BackLink>
        <ErrorState
          title="Store not found"
          error={new ApiError(404, 'not_found', 'No such store.')}
        />
      </>
    );
  }
  if (tenant.isPending) return <LoadingState label="Loading the store…" />;
  if (tenant.isError) {
    return (
      <>
        <BackLink to="/tenants">Stores</BackLink>
        <ErrorState
          title="Could not load this store"
          error={tenant.error}
          onRetry={() => void tenant.refetch()}
        />
      </>
    );
  }

  const data = tenant.data;
  const next: TenantStatusChange | null =
    data.status === 'active' ? 'suspend' : data.status === 'suspended' ? 'unsuspend' : null;
  const spec = CHANGES[changing];
  const ask = (wanted: TenantStatusChange) => {
    setChanging(wanted);
    setConfirming(true);
  };

  return (
    <>
      <BackLink to="/tenants">Stores</BackLink>
      <PageHeader
        title={data.name}
        description={
          <Group gap="xs" component="span">
            <TenantStatusBadge status={data.status} />
            <span>
              {data.subdomain ?? 'no subdomain'} · store #{data.id}
            </span>
          </Group>
        }
        actions={
          <>
            <Button
              variant="default"
              component={Link}
              to={`/audit-log?tenant=${data.id}`}
              leftSection={<IconHistory size={16} aria-hidden />}
            >
              Audit log
            </Button>
            {next === 'suspend' && (
              <Button
                color="red"
                leftSection={<IconPlayerPause size={16} aria-hidden />}
                onClick={() => {
                  ask('suspend');
                }}
              >
                Suspend
              </Button>
            )}
            {next === 'unsuspend' && (
              <Button
                color="teal"
                leftSection={<IconPlayerPlay size={16} aria-hidden />}
                onClick={() => {
                  ask('unsuspend');
                }}
              >
                Unsuspend
              </Button>
            )}
          </>
        }
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <StoreCard tenant={data} />
        <PlanCard tenant={data} />
        <KlaviyoCard tenant={data} />
        <OutboxCard tenant={data} />
      </SimpleGrid>
      <Stack mt="lg">
        <WebhooksCard tenant={data} />
      </Stack>
      <ReasonModal
        opened={confirming}
        onClose={() => {
          setConfirming(false);
        }}
        title={spec.title(data.name)}
        body={spec.body}
        confirmLabel={spec.confirm}
        color={changing === 'suspend' ? 'red' : 'teal'}
        onConfirm={async ({ reason }) => {
          await change.mutateAsync({ change: changing, reason });
          notifications.show({ color: 'teal', message: spec.done(data.name) });
        }}
      />
    </>
  );
}
