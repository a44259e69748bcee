// One delivery of any store, read-only, as its merchant sees it; plus the two things support may
// do to it — resend the Download Ready event, extend the link — each with a reason, audited, and
// carried out by a worker inside the store (its result shows up below within seconds).
import { Alert, Anchor, Button, Code, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { CopyButton } from '@/components/copy-button';
import { CustomerRows } from '@/components/delivery-record/customer-rows';
import { DownloadsTable } from '@/components/delivery-record/downloads-table';
import { EventLog } from '@/components/delivery-record/event-log';
import { KlaviyoEventList } from '@/components/delivery-record/klaviyo-event-list';
import { MilestoneRows } from '@/components/delivery-record/milestone-rows';
import { TokenStateBadge } from '@/components/delivery-record/token-state-badge';
import { WebhookBody } from '@/components/delivery-record/webhook-body';
import { DeliveryStatusBadge } from '@/components/delivery-status-badge';
import { DetailRow } from '@/components/detail-row';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import { formatDateTime, isPast } from '@/lib/format';
import { AUDIT_ACTION_LABELS, isAwaitingResult, useAuditLog } from '../api/audit-log';
import {
  SUPPORT_ACTION_STATES,
  useSupportDelivery,
  useSupportDeliveryAction,
  type SupportDeliveryAction,
} from '../api/deliveries';
import { supportKeys } from '../api/query-keys';
import type { AuditEntry, SupportDeliveryDetail, SupportToken } from '../api/types';
import { AuditResultBadge } from './audit-result-badge';
import { BackLink, DetailCard } from './detail-parts';
import { ReasonModal } from './reason-modal';

const ACTIONS: Record<
  SupportDeliveryAction,
  { label: string; title: string; body: string; confirm: string }
> = {
  resend: {
    label: 'Resend Download Ready',
    title: 'Resend the Download Ready event?',
    body: 'The store issues a new download link with fresh limits and sends “Alva Download Ready” to its Klaviyo account again, so the customer gets a new email. The current link stops working.',
    confirm: 'Resend',
  },
  extend: {
    label: 'Extend link',
    title: 'Extend the download link?',
    body: 'The live link gets more time. Downloads already used stay used.',
    confirm: 'Extend link',
  },
};

/** Why the actions cannot be used on this delivery now, or null when they can. */
export function actionsBlockedBy(delivery: SupportDeliveryDetail): string | null {
  if (delivery.tenant.status !== 'active') {
    return 'The store is suspended: unsuspend it before acting on its deliveries.';
  }
  if (delivery.customer.redacted_at) {
    return 'This customer’s personal data has been redacted, so the delivery can no longer be sent or changed.';
  }
  if (!SUPPORT_ACTION_STATES.resend.includes(delivery.status)) {
    return `Resend and extend work on Approved, Downloaded or Expired deliveries; this one is ${delivery.status}.`;
  }
  return null;
}

function TokenRow({ token, current }: { token: SupportToken; current: boolean }) {
  const expired = isPast(token.expires_at);
  return (
    <Table.Tr>
      <Table.Td>
        <Text fz="sm" fw={500}>
          {current ? 'Current' : 'Earlier'}
        </Text>
      </Table.Td>
      <Table.Td>
        <TokenStateBadge token={token} />
      </Table.Td>
      <Table.Td>
        <Text fz="sm">
          {token.downloads_used} of {token.max_downloads} downloads
        </Text>
        <Text fz="xs" c="dimmed">
          {token.ips_used} of {token.max_unique_ips} IPs
        </Text>
      </Table.Td>
      <Table.Td>
        <Text fz="xs">
          {token.revoked_at
            ? `Revoked ${formatDateTime(token.revoked_at)}`
            : `${expired ? 'Expired' : 'Expires'} ${formatDateTime(token.expires_at)}`}
        </Text>
        <Text fz="xs" c="dimmed">
          Issued {formatDateTime(token.created_at)}
        </Text>
      </Table.Td>
    </Table.Tr>
  );
}

function SupportActionsLog({ entries }: { entries: AuditEntry[] }) {
  if (entries.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        Support has not acted on this delivery.
      </Text>
    );
  }
  return (
    <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
      {entries.map((entry) => (
        <li key={entry.id} data-testid="support-action">
          <Group justify="space-between" wrap="nowrap" align="flex-start">
            <div style={{ minWidth: 0 }}>
              <Text fz="sm" fw={500}>
                {AUDIT_ACTION_LABELS[entry.action]}
                {entry.action === 'delivery.extend' && typeof entry.details.days === 'number'
                  ? ` by ${entry.details.days} ${entry.details.days === 1 ? 'day' : 'days'}`
                  : ''}
              </Text>
              <Text fz="xs" c="dimmed">
                {entry.staff_email} · {formatDateTime(entry.created_at)} · audit #{entry.id}
              </Text>
              <Text fz="xs">“{entry.reason}”</Text>
            </div>
            <AuditResultBadge entry={entry} />
          </Group>
        </li>
      ))}
    </Stack>
  );
}

function ActionsCard({ delivery }: { delivery: SupportDeliveryDetail }) {
  const queryClient = useQueryClient();
  const act = useSupportDeliveryAction(delivery.id);
  const [action, setAction] = useState<SupportDeliveryAction>('resend');
  const [confirming, setConfirming] = useState(false);
  const log = useAuditLog({ delivery_id: delivery.id, page: 1, page_size: 20 }, { poll: true });
  const blocked = actionsBlockedBy(delivery);

  // When a queued action gets its result, the store has changed the delivery: read it again.
  const awaiting = log.data?.items.filter(isAwaitingResult).length ?? 0;
  const previouslyAwaiting = useRef(awaiting);
  useEffect(() => {
    if (awaiting < previouslyAwaiting.current) {
      void queryClient.invalidateQueries({ queryKey: supportKeys.delivery(delivery.id) });
    }
    previouslyAwaiting.current = awaiting;
  }, [awaiting, delivery.id, queryClient]);

  const spec = ACTIONS[action];
  const open = (wanted: SupportDeliveryAction) => {
    setAction(wanted);
    setConfirming(true);
  };

  return (
    <DetailCard title="Support actions">
      {blocked ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          {blocked}
        </Alert>
      ) : (
        <Text fz="sm" c="dimmed">
          Each action needs a reason, is recorded in the audit log, and is carried out inside the
          store within seconds.
        </Text>
      )}
      <Group gap="xs" role="group" aria-label="Delivery actions">
        <Button
          size="sm"
          leftSection={<IconSend size={16} aria-hidden />}
          disabled={blocked !== null}
          onClick={() => {
            open('resend');
          }}
        >
          {ACTIONS.resend.label}
        </Button>
        <Button
          size="sm"
          variant="default"
          leftSection={<IconCalendarPlus size={16} aria-hidden />}
          disabled={blocked !== null}
          onClick={() => {
            open('extend');
          }}
        >
          {ACTIONS.extend.label}
        </Button>
      </Group>
      <Text fz="sm" fw={600} mt="sm">
        History
      </Text>
      {log.isPending ? (
        <Text fz="sm" c="dimmed" role="status">
          Loading…
        </Text>
      ) : log.isError ? (
        <ErrorState
          title="Could not load the support history"
          error={log.error}
          onRetry={() => void log.refetch()}
        />
      ) : (
        <SupportActionsLog entries={log.data.items} />
      )}
      <ReasonModal
        opened={confirming}
        onClose={() => {
          setConfirming(false);
        }}
        title={spec.title}
        body={spec.body}
        confirmLabel={spec.confirm}
        withDays={action === 'extend'}
        onConfirm={async ({ reason, days }) => {
          const entry = await act.mutateAsync({ action, reason, days });
          notifications.show({
            color: 'teal',
            title: action === 'resend' ? 'Resend queued' : `Extension by ${days} days queued`,
            message: `Recorded as audit entry #${entry.id}. The store carries it out in a moment.`,
          });
        }}
      />
    </DetailCard>
  );
}

export function DeliveryDetailPage() {
  const { deliveryId = '' } = useParams();
  const location = useLocation();
  const from = (location.state as { search?: string } | null)?.search ?? '';
  const delivery = useSupportDelivery(deliveryId);

  const back = <BackLink to={`/deliveries${from}`}>Delivery search</BackLink>;
  if (delivery.isPending) return <LoadingState label="Loading the delivery…" />;
  if (delivery.isError) {
    return (
      <>
        {back}
        <ErrorState
          title="Could not load this delivery"
          error={delivery.error}
          onRetry={() => void delivery.refetch()}
        />
      </>
    );
  }

  const data = delivery.data;
  const customer = data.customer;

  return (
    <>
      {back}
      <PageHeader
        title={`Delivery to ${customer.email}`}
        description={
          <Group gap="xs" component="span">
            <DeliveryStatusBadge status={data.status} isTest={data.is_test} />
            <span>
              in{' '}
              <Anchor component={Link} to={`/tenants/${data.tenant.id}`}>
                {data.tenant.name}
              </Anchor>{' '}
              · received {formatDateTime(data.created_at)}
            </span>
          </Group>
        }
      />
      <Stack gap="lg">
        <ActionsCard delivery={data} />
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <DetailCard title="Customer">
            <CustomerRows customer={customer} />
            {customer.redacted_at && (
              <DetailRow label="Redacted">{formatDateTime(customer.redacted_at)}</DetailRow>
            )}
          </DetailCard>
          <DetailCard title="Delivery">
            <DetailRow label="Id">
              <Group gap={4} wrap="nowrap" justify="flex-end">
                <Code>{data.id}</Code>
                <CopyButton value={data.id} label="delivery id" />
              </Group>
            </DetailRow>
            <DetailRow label="Bundle">{data.bundle.name}</DetailRow>
            <MilestoneRows delivery={data} />
            <DetailRow label="Fraud score">
              {data.fraud_score === null ? 'Not scored yet' : `${data.fraud_score} of 100`}
            </DetailRow>
            {data.fraud_signals.map((signal) => (
              <Text key={signal.signal} fz="xs" c="dimmed" ta="right">
                {signal.points > 0 ? `+${signal.points}` : signal.points} · {signal.detail}
              </Text>
            ))}
          </DetailCard>
        </SimpleGrid>
        <DetailCard title="Download links">
          {data.tokens.length === 0 ? (
            <Text fz="sm" c="dimmed">
              No link yet: one is created when the delivery is approved.
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table aria-label="Download links" verticalSpacing={6}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Link</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Used</Table.Th>
                    <Table.Th>Expiry</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.tokens.map((token, index) => (
                    <TokenRow key={token.id} token={token} current={index === 0} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </DetailCard>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <DetailCard title="Downloads">
            <DownloadsTable tokens={data.tokens} />
          </DetailCard>
          <DetailCard title="Klaviyo events">
            <KlaviyoEventList events={data.klaviyo_events} />
          </DetailCard>
        </SimpleGrid>
        <DetailCard title="Event log">
          <EventLog events={data.events} relativeTimes />
        </DetailCard>
        {data.payload && <WebhookBody payload={data.payload} />}
      </Stack>
    </>
  );
}
