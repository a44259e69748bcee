// Settings > Billing (owners): the plan and its status, this period's usage against the plan's
// limits, the renewal, the plans to compare and buy (Stripe Checkout), and Stripe's Customer
// Portal for payment details.
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  List,
  type MantineColor,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import {
  IconAlertCircle,
  IconCircleCheck,
  IconCreditCard,
  IconInfoCircle,
  IconLock,
} from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { PageHeader } from '@/components/page-header';
import { ErrorState, LoadingState } from '@/components/query-states';
import { errorMessage } from '@/lib/api/errors';
import type { Billing, Plan } from '@/lib/api/types';
import { formatBytes, formatDate, formatNumber } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useBilling, useCheckout, usePlans, usePortal } from '../api/billing';

const STATUS: Record<string, { label: string; color: MantineColor }> = {
  active: { label: 'Active', color: 'teal' },
  trialing: { label: 'Trial', color: 'blue' },
  past_due: { label: 'Past due', color: 'red' },
  canceled: { label: 'Canceled', color: 'gray' },
  incomplete: { label: 'Payment incomplete', color: 'orange' },
};

function formatPrice(plan: Plan): string {
  const amount = new Intl.NumberFormat(undefined, {
    style: 'currency',
    currency: plan.currency.toUpperCase(),
    minimumFractionDigits: plan.price_monthly_cents % 100 === 0 ? 0 : 2,
  }).format(plan.price_monthly_cents / 100);
  return `${amount} / month`;
}

function StatusBadge({ status }: { status: string }) {
  const known = STATUS[status] ?? { label: status, color: 'gray' };
  return (
    <Badge color={known.color} variant="light" data-testid="billing-status">
      {known.label}
    </Badge>
  );
}

/** What the status means for the store, when it is not simply active. */
function StatusNotice({ billing }: { billing: Billing }) {
  if (billing.status === 'past_due') {
    const since = billing.past_due_since ? ` on ${formatDate(billing.past_due_since)}` : '';
    return (
      <Text fz="sm" c="red.8">
        {billing.deliveries_held_for_payment
          ? `A payment failed${since}; new deliveries are held until it goes through. Update your payment method in Manage payment.`
          : `A payment failed${since}. Stripe tries again; update your payment method in Manage payment${
              billing.payment_hold_starts_at
                ? ` before ${formatDate(billing.payment_hold_starts_at)}, when new deliveries start being held`
                : ''
            }.`}
      </Text>
    );
  }
  if (billing.status === 'incomplete') {
    return (
      <Text fz="sm" c="orange.8">
        The first payment has not gone through yet: the plan starts once it does.
      </Text>
    );
  }
  if (billing.status === 'canceled') {
    return (
      <Text fz="sm" c="dimmed">
        Your subscription was canceled: the store is on the Free plan.
      </Text>
    );
  }
  return null;
}

function renewal(billing: Billing): string {
  if (billing.renews_at) return `Renews on ${formatDate(billing.renews_at)}`;
  if (billing.cancel_at_period_end) {
    return `Ends on ${formatDate(billing.period.end)}; the store then returns to Free`;
  }
  return 'No renewal: nothing is charged';
}

function CurrentPlan({ billing }: { billing: Billing }) {
  const portal = usePortal();
  return (
    <Card>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Text fz="xs" c="dimmed" tt="uppercase" fw={600}>
              Current plan
            </Text>
            <Group gap="sm">
              <Title order={2} fz="xl">
                {billing.plan.name}
              </Title>
              <StatusBadge status={billing.status} />
            </Group>
            <Text fz="sm">{formatPrice(billing.plan)}</Text>
            <Text fz="sm" c="dimmed" data-testid="billing-renewal">
              {renewal(billing)}
            </Text>
          </Stack>
          {billing.portal_available && (
            <Button
              variant="default"
              leftSection={<IconCreditCard size={16} aria-hidden />}
              loading={portal.isPending || portal.isSuccess}
              onClick={() => {
                portal.mutate();
              }}
            >
              Manage payment
            </Button>
          )}
        </Group>
        <StatusNotice billing={billing} />
        {!billing.portal_available && (
          <Text fz="xs" c="dimmed">
            Payment details and invoices are in Stripe’s portal once you subscribe to a paid plan.
          </Text>
        )}
        {portal.isError && (
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
            {errorMessage(portal.error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function UsageBar({
  label,
  used,
  limit,
  format,
}: {
  label: string;
  used: number;
  limit: number;
  format: (value: number) => string;
}) {
  const ratio = limit > 0 ? used / limit : 1;
  const color = ratio >= 1 ? 'red' : ratio >= 0.8 ? 'yellow' : 'alva';
  return (
    <Stack gap={6}>
      <Group justify="space-between" gap="xs">
        <Text fz="sm" fw={500}>
          {label}
        </Text>
        <Text fz="sm" c={ratio >= 1 ? 'red.8' : undefined} data-testid={`usage-${label}`}>
          {format(used)} of {format(limit)}
        </Text>
      </Group>
      <Progress value={Math.min(100, Math.round(ratio * 100))} color={color} aria-label={label} />
    </Stack>
  );
}

function Usage({ billing }: { billing: Billing }) {
  const count = (value: number) => formatNumber(value);
  return (
    <Card>
      <Stack gap="md">
        <div>
          <Title order={2} fz="lg">
            Usage
          </Title>
          <Text fz="sm" c="dimmed">
            This period: {formatDate(billing.period.start)} – {formatDate(billing.period.end)}
          </Text>
        </div>
        <UsageBar
          label="Deliveries this period"
          used={billing.usage.deliveries}
          limit={billing.limits.deliveries}
          format={count}
        />
        <UsageBar
          label="Storage"
          used={billing.usage.storage_bytes}
          limit={billing.limits.storage_bytes}
          format={formatBytes}
        />
        <UsageBar
          label="Active bundles"
          used={billing.usage.bundles}
          limit={billing.limits.bundles}
          format={count}
        />
        {billing.deliveries_held > 0 && (
          <Text fz="sm" c="red.8">
            {formatNumber(billing.deliveries_held)}{' '}
            {billing.deliveries_held === 1 ? 'delivery is' : 'deliveries are'} held with “plan limit
            reached”. Upgrading releases them.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function PlanCard({
  plan,
  current,
  higher,
  canSwitch,
  onChoose,
  choosing,
}: {
  plan: Plan;
  current: boolean;
  higher: boolean;
  canSwitch: boolean;
  onChoose: () => void;
  choosing: boolean;
}) {
  const paid = plan.price_monthly_cents > 0;
  return (
    <Card
      withBorder
      style={current ? { borderColor: 'var(--mantine-color-alva-5)', borderWidth: 2 } : undefined}
      aria-label={`${plan.name} plan`}
      role="group"
    >
      <Stack gap="sm" h="100%" justify="space-between">
        <Stack gap="xs">
          <Group justify="space-between">
            <Title order={3} fz="md">
              {plan.name}
            </Title>
            {current && (
              <Badge variant="light" leftSection={<IconCircleCheck size={12} aria-hidden />}>
                Current plan
              </Badge>
            )}
          </Group>
          <Text fw={700} fz="lg">
            {formatPrice(plan)}
          </Text>
          <List fz="sm" spacing={4}>
            <List.Item>{formatNumber(plan.monthly_deliveries)} deliveries a month</List.Item>
            <List.Item>{formatBytes(plan.storage_bytes)} of storage</List.Item>
            <List.Item>{formatNumber(plan.bundle_limit)} active bundles</List.Item>
          </List>
        </Stack>
        {!current && paid && (
          <Button
            variant={higher ? 'filled' : 'default'}
            onClick={onChoose}
            loading={choosing}
            disabled={!canSwitch && !choosing}
          >
            {higher ? `Upgrade to ${plan.name}` : `Switch to ${plan.name}`}
          </Button>
        )}
        {!current && !paid && (
          <Text fz="xs" c="dimmed">
            To return to Free, cancel your subscription in Manage payment.
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Plans({ billing }: { billing: Billing }) {
  const plans = usePlans();
  const checkout = useCheckout();
  // After success the browser is on its way to Stripe: keep the button busy until it leaves.
  const leaving = checkout.isPending || checkout.isSuccess;
  if (plans.isPending) return <LoadingState label="Loading plans…" />;
  if (plans.isError) {
    return (
      <ErrorState
        title="Could not load the plans"
        error={plans.error}
        onRetry={() => void plans.refetch()}
      />
    );
  }
  const currentIndex = plans.data.findIndex((plan) => plan.code === billing.plan.code);
  return (
    <Stack gap="md">
      <div>
        <Title order={2} fz="lg">
          Plans
        </Title>
        <Text fz="sm" c="dimmed">
          Payment is handled by Stripe. An upgrade takes effect as soon as Stripe confirms it, and
          releases deliveries held by the plan limit.
        </Text>
      </div>
      {checkout.isError && (
        <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
          {errorMessage(checkout.error)}
        </Alert>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
        {plans.data.map((plan, index) => (
          <PlanCard
            key={plan.code}
            plan={plan}
            current={index === currentIndex}
            higher={index > currentIndex}
            canSwitch={!leaving}
            choosing={leaving && checkout.variables === plan.code}
            onChoose={() => {
              checkout.mutate(plan.code);
            }}
          />
        ))}
      </SimpleGrid>
    </Stack>
  );
}

/** After Stripe Checkout the owner lands back here with ?checkout=success or ?checkout=canceled. */
function CheckoutOutcome() {
  const [params, setParams] = useSearchParams();
  const outcome = params.get('checkout');
  if (outcome !== 'success' && outcome !== 'canceled') return null;
  const dismiss = () => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.delete('checkout');
        next.delete('session_id');
        return next;
      },
      { replace: true },
    );
  };
  return outcome === 'success' ? (
    <Alert
      color="teal"
      variant="light"
      title="Thank you: your payment went through"
      icon={<IconCircleCheck size={18} aria-hidden />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={dismiss}
    >
      Your new plan shows here as soon as Stripe confirms the subscription, usually within seconds.
    </Alert>
  ) : (
    <Alert
      color="gray"
      variant="light"
      title="Checkout canceled"
      icon={<IconInfoCircle size={18} aria-hidden />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={dismiss}
    >
      Nothing was charged and your plan did not change.
    </Alert>
  );
}

function BillingOverview() {
  const billing = useBilling();
  if (billing.isPending) return <LoadingState label="Loading your plan…" />;
  if (billing.isError) {
    return (
      <ErrorState
        title="Could not load billing"
        error={billing.error}
        onRetry={() => void billing.refetch()}
      />
    );
  }
  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
        <CurrentPlan billing={billing.data} />
        <Usage billing={billing.data} />
      </SimpleGrid>
      <Plans billing={billing.data} />
    </Stack>
  );
}

export function BillingPage() {
  const session = useSession();
  return (
    <>
      <PageHeader
        title="Plan and billing"
        description="Your plan, this period’s usage and your payment details."
      />
      {session.role !== 'owner' ? (
        <Alert variant="light" color="gray" icon={<IconLock size={18} aria-hidden />}>
          Only the store’s owner sees and changes the plan and payment details.
        </Alert>
      ) : (
        <Stack gap="lg">
          <CheckoutOutcome />
          <BillingOverview />
        </Stack>
      )}
    </>
  );
}
