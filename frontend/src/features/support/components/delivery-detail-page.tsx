// One delivery of any store, read-only, as its merchant sees it; plus the two things support may
// do to it — resend the Download Ready event, extend the link — each with a reason, audited, and
// carried out by a worker inside the store (its result shows up below within seconds).
import {
  Accordion,
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  Group,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCalendarPlus, IconCircleDot, IconInfoCircle, IconSend } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { CopyButton } from '@/components/copy-button';
import { DeliveryStatusBadge } from '@/components/delivery-status-badge';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import { formatDateTime, formatRelative, isPast } from '@/lib/format';
import { AUDIT_ACTION_LABELS, isAwaitingResult, useAuditLog } from '../api/audit-log';
import {
  SUPPORT_ACTION_STATES,
  useSupportDelivery,
  useSupportDeliveryAction,
  type SupportDeliveryAction,
} from '../api/deliveries';
import { supportKeys } from '../api/query-keys';
import type {
  AuditEntry,
  SupportDeliveryDetail,
  SupportKlaviyoEvent,
  SupportToken,
} from '../api/types';
import { AuditResultBadge } from './audit-result-badge';
import { BackLink, DetailCard, DetailRow } from './detail-parts';
import { ReasonModal } from './reason-modal';

const EVENT_STATE_COLORS: Record<string, string> = {
  sent: 'teal',
  pending: 'gray',
  sending: 'blue',
  failed: 'red',
  waiting_for_connection: 'yellow',
};

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
        {token.revoked_at ? (
          <Badge color="grape" variant="light" radius="sm">
            Revoked
          </Badge>
        ) : expired ? (
          <Badge color="orange" variant="light" radius="sm">
            Expired
          </Badge>
        ) : (
          <Badge color="teal" variant="light" radius="sm">
            Live
          </Badge>
        )}
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

function KlaviyoEvents({ events }: { events: SupportKlaviyoEvent[] }) {
  if (events.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        No events for this delivery yet.
      </Text>
    );
  }
  return (
    <Stack gap={6}>
      {events.map((event) => (
        <Group key={event.id} justify="space-between" wrap="nowrap" align="flex-start">
          <div style={{ minWidth: 0 }}>
            <Text fz="sm" fw={500}>
              {event.metric}
            </Text>
            <Text fz="xs" c={event.last_error ? 'red' : 'dimmed'}>
              {event.last_error ||
                (event.sent_at
                  ? `Sent ${formatDateTime(event.sent_at)}`
                  : `Queued ${formatDateTime(event.created_at)}`)}
              {event.attempts > 1 ? ` · ${event.attempts} attempts` : ''}
            </Text>
          </div>
          <Badge
            variant="light"
            radius="sm"
            color={EVENT_STATE_COLORS[event.state] ?? 'gray'}
            style={{ flexShrink: 0 }}
          >
            {event.state.replaceAll('_', ' ')}
          </Badge>
        </Group>
      ))}
    </Stack>
  );
}

function Downloads({ delivery }: { delivery: SupportDeliveryDetail }) {
  const downloads = delivery.tokens
    .flatMap((token) => token.downloads)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  if (downloads.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        Nothing downloaded yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table fz="sm" verticalSpacing={6} aria-label="Downloads">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>When</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {downloads.map((download) => (
            <Table.Tr key={download.id}>
              <Table.Td>
                <Text fz="sm" fw={500} style={{ wordBreak: 'break-all' }}>
                  {download.file_name}
                </Text>
                <Text fz="xs" c="dimmed" lineClamp={1}>
                  {download.user_agent || 'No user agent'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>{download.ip ?? 'unknown'}</Code>
              </Table.Td>
              <Table.Td>
                <Text fz="xs">{formatDateTime(download.created_at)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
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
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ');

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
            <DetailRow label="Email">{customer.email}</DetailRow>
            {name && <DetailRow label="Name">{name}</DetailRow>}
            {customer.phone && <DetailRow label="Phone">{customer.phone}</DetailRow>}
            {customer.klaviyo_profile_id && (
              <DetailRow label="Klaviyo profile">
                <Code>{customer.klaviyo_profile_id}</Code>
              </DetailRow>
            )}
            {customer.external_id && (
              <DetailRow label="External id">{customer.external_id}</DetailRow>
            )}
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
            <DetailRow label="Decided">
              {data.decided_at ? formatDateTime(data.decided_at) : 'Not yet'}
            </DetailRow>
            <DetailRow label="First download">
              {data.first_download_at ? formatDateTime(data.first_download_at) : 'Not yet'}
            </DetailRow>
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
            <Downloads delivery={data} />
          </DetailCard>
          <DetailCard title="Klaviyo events">
            <KlaviyoEvents events={data.klaviyo_events} />
          </DetailCard>
        </SimpleGrid>
        <DetailCard title="Event log">
          <Timeline bulletSize={18} lineWidth={2} active={data.events.length}>
            {data.events.map((event, index) => (
              <Timeline.Item
                key={`${event.created_at}-${index}`}
                bullet={<IconCircleDot size={12} aria-hidden />}
                title={<Text fz="sm">{event.message}</Text>}
              >
                <Tooltip label={formatDateTime(event.created_at)}>
                  <Text fz="xs" c="dimmed" component="span">
                    {formatRelative(event.created_at)} · {event.actor || 'system'}
                  </Text>
                </Tooltip>
              </Timeline.Item>
            ))}
          </Timeline>
        </DetailCard>
        {data.payload && (
          <Accordion variant="contained" radius="md">
            <Accordion.Item value="payload">
              <Accordion.Control>Webhook body</Accordion.Control>
              <Accordion.Panel>
                <Code block fz="xs">
                  {JSON.stringify(data.payload, null, 2)}
                </Code>
              </Accordion.Panel>
            </Accordion.Item>
          </Accordion>
        )}
      </Stack>
    </>
  );
}
