// One delivery in full: customer, bundle, fraud score and its reasons, download links, every
// download, the Klaviyo events and the event log, with the actions a merchant can take. A chunk of
// its own: the drawer (delivery-drawer.tsx) loads it when it first opens, so the deliveries list
// does not wait for it.
import {
  Anchor,
  Badge,
  Divider,
  Group,
  Progress,
  RingProgress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CustomerRows } from '@/components/delivery-record/customer-rows';
import { DownloadsTable } from '@/components/delivery-record/downloads-table';
import { EventLog } from '@/components/delivery-record/event-log';
import { KlaviyoEventList } from '@/components/delivery-record/klaviyo-event-list';
import { MilestoneRows } from '@/components/delivery-record/milestone-rows';
import { TokenStateBadge } from '@/components/delivery-record/token-state-badge';
import { WebhookBody } from '@/components/delivery-record/webhook-body';
import { DeliveryStatusBadge } from '@/components/delivery-status-badge';
import { DetailRow } from '@/components/detail-row';
import type { DeliveryDetail, DeliveryToken } from '@/lib/api/types';
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
        <TokenStateBadge token={token} />
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

export function DeliveryDetails({ delivery }: { delivery: DeliveryDetail }) {
  const customer = delivery.customer;
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
          <CustomerRows
            customer={customer}
            email={
              <Anchor component={Link} to={`/customers/${customer.id}`} fz="sm">
                {customer.email}
              </Anchor>
            }
          />
        </Section>
        <Section title="Bundle">
          <DetailRow label="Bundle">
            <Anchor component={Link} to={`/bundles/${delivery.bundle.id}`} fz="sm">
              {delivery.bundle.name}
            </Anchor>
          </DetailRow>
          <MilestoneRows delivery={delivery} />
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
        <DownloadsTable tokens={delivery.tokens} compact />
      </Section>
      <Section title="Klaviyo events">
        <KlaviyoEventList events={delivery.klaviyo_events} />
      </Section>
      <Section title="Event log">
        <EventLog events={delivery.events} />
      </Section>
      {delivery.payload && <WebhookBody payload={delivery.payload} />}
    </Stack>
  );
}
