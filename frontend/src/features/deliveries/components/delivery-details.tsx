// One delivery in full: customer, bundle, fraud score and its reasons, download links, every
// download, the Klaviyo events and the event log, with the actions a merchant can take. A chunk of
// its own: the drawer (delivery-drawer.tsx) loads it when it first opens, so the deliveries list
// does not wait for it.
import {
  Accordion,
  Anchor,
  Badge,
  Code,
  Divider,
  Group,
  Progress,
  RingProgress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconCircleDot } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { DeliveryStatusBadge } from '@/components/delivery-status-badge';
import type { DeliveryDetail, DeliveryToken, KlaviyoEvent } from '@/lib/api/types';
import { formatDateTime, formatRelative, isPast } from '@/lib/format';
import { DeliveryActions } from './delivery-actions';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <Title order={3} fz="sm" tt="uppercase" c="dimmed" style={{ letterSpacing: '0.05em' }}>
        {title}
      </Title>
      {children}
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group justify="space-between" wrap="nowrap" gap="md">
      <Text fz="sm" c="dimmed">
        {label}
      </Text>
      <Text
        fz="sm"
        fw={500}
        ta="right"
        style={{ minWidth: 0, overflowWrap: 'anywhere' }}
        component="div"
      >
        {children}
      </Text>
    </Group>
  );
}

function scoreColor(score: number): string {
  if (score <= 30) return 'teal';
  if (score <= 60) return 'yellow';
  return 'red';
}

function FraudSection({ delivery }: { delivery: DeliveryDetail }) {
  const score = delivery.fraud_score;
  return (
    <Section title="Fraud check">
      {score === null ? (
        <Text fz="sm" c="dimmed">
          Not scored yet.
        </Text>
      ) : (
        <Group align="flex-start" wrap="nowrap" gap="md">
          <RingProgress
            size={76}
            thickness={8}
            roundCaps
            sections={[{ value: Math.max(score, 1), color: scoreColor(score) }]}
            label={
              <Text ta="center" fw={700} fz="lg" aria-label={`Fraud score ${score} of 100`}>
                {score}
              </Text>
            }
          />
          <Stack gap={6} style={{ flex: 1 }}>
            {delivery.fraud_signals.length === 0 ? (
              <Text fz="sm" c="dimmed">
                No risk signals: nothing about this delivery looked unusual.
              </Text>
            ) : (
              delivery.fraud_signals.map((signal) => (
                <Group key={signal.signal} wrap="nowrap" align="flex-start" gap="xs">
                  <Badge
                    size="sm"
                    variant="light"
                    color={signal.points > 0 ? 'red' : 'teal'}
                    radius="sm"
                    miw={44}
                  >
                    {signal.points > 0 ? `+${signal.points}` : signal.points}
                  </Badge>
                  <Text fz="sm">{signal.detail}</Text>
                </Group>
              ))
            )}
          </Stack>
        </Group>
      )}
    </Section>
  );
}

function TokenCard({ token, current }: { token: DeliveryToken; current: boolean }) {
  const expired = isPast(token.expires_at);
  return (
    <Stack
      gap={8}
      p="sm"
      style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 10 }}
    >
      <Group justify="space-between">
        <Text fz="sm" fw={600}>
          {current ? 'Current link' : 'Earlier link'}
        </Text>
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
      </Group>
      <div>
        <Group justify="space-between">
          <Text fz="xs" c="dimmed">
            Downloads
          </Text>
          <Text fz="xs" fw={600}>
            {token.downloads_used} of {token.max_downloads} used
          </Text>
        </Group>
        <Progress
          value={(token.downloads_used / Math.max(token.max_downloads, 1)) * 100}
          size="sm"
          radius="xl"
          aria-label="Downloads used"
        />
      </div>
      <div>
        <Group justify="space-between">
          <Text fz="xs" c="dimmed">
            Unique IPs
          </Text>
          <Text fz="xs" fw={600}>
            {token.ips_used} of {token.max_unique_ips} used
          </Text>
        </Group>
        <Progress
          value={(token.ips_used / Math.max(token.max_unique_ips, 1)) * 100}
          size="sm"
          radius="xl"
          color="blue"
          aria-label="Unique IPs used"
        />
      </div>
      <Text fz="xs" c="dimmed">
        Issued {formatDateTime(token.created_at)} ·{' '}
        {token.revoked_at
          ? `revoked ${formatDateTime(token.revoked_at)}`
          : `${expired ? 'expired' : 'expires'} ${formatDateTime(token.expires_at)} (${formatRelative(token.expires_at)})`}
      </Text>
    </Stack>
  );
}

const EVENT_STATE_COLORS: Record<string, string> = {
  sent: 'teal',
  pending: 'gray',
  sending: 'blue',
  failed: 'red',
  waiting_for_connection: 'yellow',
};

function KlaviyoEvents({ events }: { events: KlaviyoEvent[] }) {
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
              {event.last_error
                ? event.last_error
                : event.sent_at
                  ? `Sent ${formatDateTime(event.sent_at)}`
                  : `Queued ${formatDateTime(event.created_at)}`}
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

function Downloads({ delivery }: { delivery: DeliveryDetail }) {
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
      <Table fz="sm" verticalSpacing={6} horizontalSpacing="xs" aria-label="Downloads">
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
                <Tooltip label={download.user_agent || 'No user agent'} multiline w={320}>
                  <Text fz="xs" c="dimmed" lineClamp={1} maw={260}>
                    {download.user_agent || 'No user agent'}
                  </Text>
                </Tooltip>
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

export function DeliveryDetails({ delivery }: { delivery: DeliveryDetail }) {
  const customer = delivery.customer;
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ');
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Group gap="xs">
          <DeliveryStatusBadge status={delivery.status} isTest={delivery.is_test} />
          <Text fz="xs" c="dimmed">
            Received {formatDateTime(delivery.created_at)}
          </Text>
        </Group>
        <DeliveryActions delivery={delivery} />
      </Stack>
      <Divider />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Section title="Customer">
          <Row label="Email">
            <Anchor component={Link} to={`/customers/${customer.id}`} fz="sm">
              {customer.email}
            </Anchor>
          </Row>
          {name && <Row label="Name">{name}</Row>}
          {customer.phone && <Row label="Phone">{customer.phone}</Row>}
          {customer.klaviyo_profile_id && (
            <Row label="Klaviyo profile">
              <Code>{customer.klaviyo_profile_id}</Code>
            </Row>
          )}
          {customer.external_id && <Row label="External id">{customer.external_id}</Row>}
        </Section>
        <Section title="Bundle">
          <Row label="Bundle">
            <Anchor component={Link} to={`/bundles/${delivery.bundle.id}`} fz="sm">
              {delivery.bundle.name}
            </Anchor>
          </Row>
          <Row label="Decided">
            {delivery.decided_at ? formatDateTime(delivery.decided_at) : 'Not yet'}
          </Row>
          <Row label="First download">
            {delivery.first_download_at ? formatDateTime(delivery.first_download_at) : 'Not yet'}
          </Row>
        </Section>
      </SimpleGrid>
      <FraudSection delivery={delivery} />
      <Section title="Download links">
        {delivery.tokens.length === 0 ? (
          <Text fz="sm" c="dimmed">
            No link yet: one is created when the delivery is approved.
          </Text>
        ) : (
          delivery.tokens.map((token, index) => (
            <TokenCard key={token.id} token={token} current={index === 0} />
          ))
        )}
      </Section>
      <Section title="Downloads">
        <Downloads delivery={delivery} />
      </Section>
      <Section title="Klaviyo events">
        <KlaviyoEvents events={delivery.klaviyo_events} />
      </Section>
      <Section title="Event log">
        <Timeline bulletSize={18} lineWidth={2} active={delivery.events.length}>
          {delivery.events.map((event, index) => (
            <Timeline.Item
              key={`${event.created_at}-${index}`}
              bullet={<IconCircleDot size={12} aria-hidden />}
              title={<Text fz="sm">{event.message}</Text>}
            >
              <Text fz="xs" c="dimmed">
                {formatDateTime(event.created_at)} · {event.actor || 'system'}
              </Text>
            </Timeline.Item>
          ))}
        </Timeline>
      </Section>
      {delivery.payload && (
        <Accordion variant="contained" radius="md">
          <Accordion.Item value="payload">
            <Accordion.Control>Webhook body</Accordion.Control>
            <Accordion.Panel>
              <Code block fz="xs">
                {JSON.stringify(delivery.payload, null, 2)}
              </Code>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
      )}
    </Stack>
  );
}
