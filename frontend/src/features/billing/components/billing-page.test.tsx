import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeBilling, makeMe, makePlans } from '@/test/fixtures';
import { renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { navigation } from '../api/billing';
import { BillingPage } from './billing-page';

const GIB = 1024 ** 3;
const CHECKOUT_URL = 'http://127.0.0.1:12111/c/pay/cs_test_abc';
const PORTAL_URL = 'http://127.0.0.1:12111/p/session/bps_test_abc';

const STARTER = makePlans()[1];

function serve(billing = makeBilling()) {
  server.use(
    http.get('*/api/v1/billing', () => HttpResponse.json(billing)),
    http.get('*/api/v1/billing/plans', () => HttpResponse.json(makePlans())),
  );
}

function stubNavigation() {
  return vi.spyOn(navigation, 'assign').mockImplementation(() => undefined);
}

describe('Billing page', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('shows the plan, its status, this period’s usage against the limits and the plans', async () => {
    serve(
      makeBilling({
        usage: { deliveries: 85, storage_bytes: 512 * 1024 ** 2, bundles: 3 },
      }),
    );
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    expect(await screen.findByRole('heading', { name: 'Free' })).toBeInTheDocument();
    expect(screen.getByTestId('billing-status')).toHaveTextContent('Active');
    expect(screen.getByTestId('billing-renewal')).toHaveTextContent(
      'No renewal: nothing is charged',
    );
    expect(screen.getByTestId('usage-Deliveries this period')).toHaveTextContent('85 of 100');
    expect(screen.getByTestId('usage-Storage')).toHaveTextContent('512 MB of 1 GB');
    expect(screen.getByTestId('usage-Active bundles')).toHaveTextContent('3 of 3');
    expect(screen.getByRole('progressbar', { name: 'Deliveries this period' })).toHaveAttribute(
      'aria-valuenow',
      '85',
    );
    expect(screen.getByRole('progressbar', { name: 'Active bundles' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
    // No billing account yet: nothing to manage in Stripe.
    expect(screen.queryByRole('button', { name: 'Manage payment' })).not.toBeInTheDocument();

    const growth = await screen.findByRole('group', { name: 'Growth plan' });
    expect(within(growth).getByText('$49 / month')).toBeInTheDocument();
    expect(within(growth).getByText('10,000 deliveries a month')).toBeInTheDocument();
    expect(within(growth).getByText('100 GB of storage')).toBeInTheDocument();
    expect(within(growth).getByText('100 active bundles')).toBeInTheDocument();
    const free = screen.getByRole('group', { name: 'Free plan' });
    expect(within(free).getByText('Current plan')).toBeInTheDocument();
    expect(within(free).getByText('$0 / month')).toBeInTheDocument();
    expect(within(free).queryByRole('button')).not.toBeInTheDocument();
  });

  it('sends the owner to Stripe Checkout for an upgrade', async () => {
    const user = setupUser();
    const assign = stubNavigation();
    const sent: unknown[] = [];
    serve();
    server.use(
      http.post('*/api/v1/billing/checkout', async ({ request }) => {
        sent.push(await request.json());
        return HttpResponse.json({ url: CHECKOUT_URL });
      }),
    );
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'Upgrade to Starter' }));

    await vi.waitFor(() => {
      expect(assign).toHaveBeenCalledWith(CHECKOUT_URL);
    });
    expect(sent).toEqual([{ plan: 'starter' }]);
  });

  it('shows why Stripe could not be reached, and stays on the page', async () => {
    const user = setupUser();
    const assign = stubNavigation();
    serve();
    server.use(
      http.post('*/api/v1/billing/checkout', () =>
        apiError(
          503,
          'billing_unavailable',
          'Billing is not available right now. Try again in a moment.',
        ),
      ),
    );
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'Upgrade to Scale' }));

    expect(
      await screen.findByText('Billing is not available right now. Try again in a moment.'),
    ).toBeInTheDocument();
    expect(assign).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Upgrade to Scale' })).toBeEnabled();
  });

  it('opens the Customer Portal for a subscriber, who can switch down or renew', async () => {
    const user = setupUser();
    const assign = stubNavigation();
    serve(
      makeBilling({
        plan: makePlans()[2],
        renews_at: '2025-02-01T00:00:00Z',
        portal_available: true,
        limits: { deliveries: 10_000, storage_bytes: 100 * GIB, bundles: 100 },
      }),
    );
    server.use(http.post('*/api/v1/billing/portal', () => HttpResponse.json({ url: PORTAL_URL })));
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    expect(await screen.findByTestId('billing-renewal')).toHaveTextContent(/^Renews on /);
    expect(await screen.findByRole('button', { name: 'Switch to Starter' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Upgrade to Scale' })).toBeInTheDocument();
    expect(
      within(screen.getByRole('group', { name: 'Free plan' })).getByText(
        'To return to Free, cancel your subscription in Manage payment.',
      ),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Manage payment' }));

    await vi.waitFor(() => {
      expect(assign).toHaveBeenCalledWith(PORTAL_URL);
    });
  });

  it('makes a failed payment impossible to miss', async () => {
    serve(
      makeBilling({
        plan: STARTER,
        status: 'past_due',
        past_due_since: '2025-01-03T10:00:00Z',
        payment_hold_starts_at: '2025-01-17T10:00:00Z',
        portal_available: true,
      }),
    );
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    expect(await screen.findByTestId('billing-status')).toHaveTextContent('Past due');
    expect(
      screen.getByText(
        /^A payment failed on .*\. Stripe tries again; update your payment method in Manage payment before .*, when new deliveries start being held\.$/,
      ),
    ).toBeInTheDocument();
  });

  it('says when a canceled plan ends, and how many deliveries the limit holds', async () => {
    serve(
      makeBilling({
        plan: STARTER,
        cancel_at_period_end: true,
        portal_available: true,
        deliveries_held: 4,
        usage: { deliveries: 1_000, storage_bytes: 0, bundles: 2 },
        limits: { deliveries: 1_000, storage_bytes: 10 * GIB, bundles: 20 },
        over_quota: { deliveries: true, storage: false },
      }),
    );
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    expect(await screen.findByTestId('billing-renewal')).toHaveTextContent(
      /^Ends on .*; the store then returns to Free$/,
    );
    expect(
      screen.getByText('4 deliveries are held with “plan limit reached”. Upgrading releases them.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Deliveries this period' })).toHaveAttribute(
      'aria-valuenow',
      '100',
    );
  });

  it('thanks the owner back from Checkout', async () => {
    serve();
    renderScreen(<BillingPage />, {
      session: makeMe('owner'),
      route: '/settings/billing?checkout=success&session_id=cs_test_abc',
    });

    expect(await screen.findByText('Thank you: your payment went through')).toBeInTheDocument();
  });

  it('says a canceled checkout changed nothing', async () => {
    serve();
    renderScreen(<BillingPage />, {
      session: makeMe('owner'),
      route: '/settings/billing?checkout=canceled',
    });

    expect(await screen.findByText('Checkout canceled')).toBeInTheDocument();
    expect(
      screen.getByText('Nothing was charged and your plan did not change.'),
    ).toBeInTheDocument();
  });

  it('shows an error with a retry when billing cannot be loaded', async () => {
    const user = setupUser();
    let fail = true;
    server.use(
      http.get('*/api/v1/billing', () =>
        fail
          ? apiError(503, 'unavailable', 'Alva is briefly unavailable.')
          : HttpResponse.json(makeBilling()),
      ),
      http.get('*/api/v1/billing/plans', () => HttpResponse.json(makePlans())),
    );
    renderScreen(<BillingPage />, { session: makeMe('owner') });

    expect(await screen.findByText('Alva is briefly unavailable.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { name: 'Free' })).toBeInTheDocument();
  });

  it('tells admins that only the owner manages billing, without asking the API', () => {
    let asked = 0;
    server.use(
      http.get('*/api/v1/billing', () => {
        asked += 1;
        return apiError(403, 'forbidden', 'You do not have permission to do this.');
      }),
    );
    renderScreen(<BillingPage />, { session: makeMe('admin') });

    expect(
      screen.getByText('Only the store’s owner sees and changes the plan and payment details.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Upgrade/ })).not.toBeInTheDocument();
    expect(asked).toBe(0);
  });
});
