// The dashboard's billing banner, for owners: over the delivery quota (deliveries are held as
// Pending Review, "plan limit reached"), payment overdue (held the same way after the grace
// period), storage full (uploads refused). Nothing at all while the store is within its plan.
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useLocation } from 'react-router';
import type { Billing } from '@/lib/api/types';
import { formatBytes, formatDate, formatNumber } from '@/lib/format';
import { billingQuery, limitStates, type LimitState } from '../api/billing';

export const BILLING_PATH = '/settings/billing';
export const HELD_DELIVERIES_PATH = `/deliveries?status=${encodeURIComponent('Pending Review')}`;

const TITLES: Record<LimitState, string> = {
  'payment-hold': 'Deliveries are on hold until your payment goes through',
  'over-quota': 'You are over your plan’s delivery quota',
  held: 'Some deliveries are still held by the plan limit',
  'payment-due': 'Your last payment failed',
  'storage-full': 'Your file storage is full',
};

function deliveries(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'delivery' : 'deliveries'}`;
}

function sentence(state: LimitState, billing: Billing): string {
  const held = billing.deliveries_held;
  const waiting = held > 0 ? ` ${deliveries(held)} ${held === 1 ? 'is' : 'are'} waiting now.` : '';
  switch (state) {
    case 'payment-hold':
      return `Your payment is overdue, so new deliveries are held as Pending Review with the signal “plan limit reached”.${waiting} Update your payment method to release them.`;
    case 'payment-due':
      return billing.payment_hold_starts_at
        ? `Update your payment method before ${formatDate(billing.payment_hold_starts_at)}, or new deliveries will be held as Pending Review.`
        : 'Update your payment method, or new deliveries will be held as Pending Review.';
    case 'over-quota':
      return `You have used all ${deliveries(billing.limits.deliveries)} of the ${billing.plan.name} plan this period. New deliveries are held as Pending Review with the signal “plan limit reached” until you upgrade or the period renews on ${formatDate(billing.period.end)}.${waiting}`;
    case 'held':
      return `${deliveries(held)} held while you were over the limit ${held === 1 ? 'is' : 'are'} released automatically within the hour.`;
    case 'storage-full':
      return `You use ${formatBytes(billing.usage.storage_bytes)} of ${formatBytes(billing.limits.storage_bytes)}: new uploads are refused. Delete files or upgrade your plan.`;
  }
}

/** Shown in the shell for owners (the billing API answers only them). */
export function BillingBanner() {
  const billing = useQuery(billingQuery);
  const { pathname } = useLocation();
  if (!billing.data) return null;
  const states = limitStates(billing.data);
  const [first] = states;
  if (!first) return null;
  const urgent = states.some((s) => s === 'payment-hold' || s === 'over-quota' || s === 'held');
  return (
    <Alert
      color={urgent ? 'red' : 'yellow'}
      variant="light"
      title={TITLES[first]}
      icon={<IconAlertTriangle size={18} aria-hidden />}
      mb="lg"
      data-testid="billing-banner"
    >
      <Stack gap="xs">
        {states.map((state) => (
          <Text key={state} fz="sm">
            {sentence(state, billing.data)}
          </Text>
        ))}
        <Group gap="md">
          {pathname !== BILLING_PATH && (
            <Button component={Link} to={BILLING_PATH} size="xs" color={urgent ? 'red' : 'yellow'}>
              Open billing
            </Button>
          )}
          {billing.data.deliveries_held > 0 && (
            <Anchor component={Link} to={HELD_DELIVERIES_PATH} fz="sm">
              See held deliveries
            </Anchor>
          )}
        </Group>
      </Stack>
    </Alert>
  );
}
