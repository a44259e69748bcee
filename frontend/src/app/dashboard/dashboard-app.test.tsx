import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeBilling, makeMe, makePlans } from '@/test/fixtures';
import { renderRoutes, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server, serveOnboarding } from '@/test/server';
import type { Role } from '@/lib/api/types';
import { dashboardRoutes } from './dashboard-app';

function serveMe(role: Role) {
  server.use(http.get('*/api/v1/auth/me', () => HttpResponse.json(makeMe(role))));
}

describe('Dashboard', () => {
  beforeEach(() => {
    serveOnboarding();
  });

  it('sends people without a session to the login page, remembering where they were going', async () => {
    server.use(
      http.get('*/api/v1/auth/me', () =>
        apiError(401, 'not_authenticated', 'Log in or send a valid API key.'),
      ),
    );
    const { router } = renderRoutes(dashboardRoutes, { route: '/settings/team' });

    expect(await screen.findByRole('button', { name: 'Log in' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/login');
    expect(router.state.location.search).toBe('?next=%2Fsettings%2Fteam');
  });

  it('shows the shell with the store name, navigation and the onboarding checklist', async () => {
    serveMe('owner');
    renderRoutes(dashboardRoutes, { route: '/' });

    expect(await screen.findByTestId('store-name')).toHaveTextContent('Acme Presets');
    const nav = screen.getByRole('navigation', { name: 'Main' });
    for (const item of ['Home', 'Bundles', 'Deliveries', 'Customers', 'Analytics', 'Settings']) {
      expect(within(nav).getByRole('link', { name: new RegExp(`^${item}`) })).toBeInTheDocument();
    }
    expect(screen.getByRole('heading', { name: 'Welcome, Olivia' })).toBeInTheDocument();
    expect(screen.getByText('Connect Klaviyo', { selector: 'p' })).toBeInTheDocument();
    expect(await screen.findByRole('link', { name: 'Connect Klaviyo' })).toBeInTheDocument();
    expect(screen.getByText('0 of 5 done')).toBeInTheDocument();
  });

  it('opens the settings section in the navigation', async () => {
    serveMe('admin');
    server.use(
      http.get('*/api/v1/team', () => HttpResponse.json({ members: [], invitations: [] })),
    );
    renderRoutes(dashboardRoutes, { route: '/settings/team' });

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Team' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'API keys' })).toBeInTheDocument();
  });

  it('hides API keys from members', async () => {
    serveMe('member');
    renderRoutes(dashboardRoutes, { route: '/settings' });

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Team' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'API keys' })).not.toBeInTheDocument();
    expect(
      screen.queryByText('Keys for your own scripts and integrations.'),
    ).not.toBeInTheDocument();
  });

  it('shows how many deliveries wait for review beside Deliveries, and opens them', async () => {
    const user = setupUser();
    serveMe('member');
    server.use(
      http.get('*/api/v1/deliveries/pending-count', () => HttpResponse.json({ pending_review: 4 })),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(await within(nav).findByLabelText('4 pending review')).toBeInTheDocument();
    await user.click(within(nav).getByRole('link', { name: /^Deliveries/ }));
    // The screen is a lazy chunk: its first import is transformed on the spot, slow on a busy machine.
    expect(
      await screen.findByRole('heading', { name: 'Deliveries' }, { timeout: 4_000 }),
    ).toBeInTheDocument();
    expect(await screen.findByText('No deliveries yet')).toBeInTheDocument();
  });

  it('logs out from the user menu', async () => {
    const user = setupUser();
    let loggedOut = false;
    serveMe('owner');
    server.use(
      http.post('*/api/v1/auth/logout', () => {
        loggedOut = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    await user.click(await screen.findByRole('button', { name: 'Account menu for Olivia Owner' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Log out' }));

    expect(await screen.findByText('You are logged out.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument();
    expect(loggedOut).toBe(true);
  });

  it('leaving the store from the team page lands on the login page', async () => {
    const user = setupUser();
    server.use(
      http.get('*/api/v1/auth/me', () => HttpResponse.json(makeMe('member'))),
      http.get('*/api/v1/team', () =>
        HttpResponse.json({
          members: [
            {
              user_id: 1,
              email: 'olivia@northern.example',
              full_name: 'Olivia Owner',
              role: 'member',
              joined_at: '2025-01-10T10:00:00Z',
            },
          ],
          invitations: [],
        }),
      ),
      http.delete('*/api/v1/team/members/1', () => new HttpResponse(null, { status: 204 })),
    );
    renderRoutes(dashboardRoutes, { route: '/settings/team' });

    await user.click(await screen.findByRole('button', { name: 'Leave store' }));
    const confirm = await screen.findByRole('dialog', { name: 'Leave Acme Presets?' });
    await user.click(within(confirm).getByRole('button', { name: 'Leave store' }));

    expect(await screen.findByText('You left Acme Presets.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument();
  });

  it('says so when the session cannot be checked', async () => {
    server.use(
      http.get('*/api/v1/auth/me', () =>
        apiError(503, 'service_unavailable', 'Alva is briefly unavailable.'),
      ),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    expect(await screen.findByText('Could not open your store')).toBeInTheDocument();
    expect(screen.getByText('Alva is briefly unavailable.')).toBeInTheDocument();
  });

  it('answers unknown paths with a not-found page inside the shell', async () => {
    serveMe('owner');
    renderRoutes(dashboardRoutes, { route: '/nope' });
    expect(
      await screen.findByRole('heading', { name: 'This page does not exist' }),
    ).toBeInTheDocument();
  });

  it('shows owners the billing and delivery defaults settings, and hides billing from admins', async () => {
    serveMe('owner');
    const { unmount } = renderRoutes(dashboardRoutes, { route: '/settings' });

    let nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Billing' })).toHaveAttribute(
      'href',
      '/settings/billing',
    );
    expect(within(nav).getByRole('link', { name: 'Delivery defaults' })).toHaveAttribute(
      'href',
      '/settings/delivery-defaults',
    );
    expect(screen.getByRole('link', { name: /Plan and billing/ })).toHaveAttribute(
      'href',
      '/settings/billing',
    );
    expect(screen.queryByText('Soon')).not.toBeInTheDocument();
    unmount();

    serveMe('admin');
    renderRoutes(dashboardRoutes, { route: '/settings' });
    nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Delivery defaults' })).toBeInTheDocument();
    expect(within(nav).queryByRole('link', { name: 'Billing' })).not.toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Plan and billing/ })).not.toBeInTheDocument();
  });

  it('warns owners on every screen when deliveries are held by the plan limit', async () => {
    const user = setupUser();
    serveMe('owner');
    server.use(
      http.get('*/api/v1/billing', () =>
        HttpResponse.json(
          makeBilling({
            usage: { deliveries: 100, storage_bytes: 0, bundles: 1 },
            over_quota: { deliveries: true, storage: false },
            deliveries_held: 7,
          }),
        ),
      ),
      http.get('*/api/v1/billing/plans', () => HttpResponse.json(makePlans())),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    const banner = await screen.findByTestId('billing-banner');
    expect(within(banner).getByText('You are over your plan’s delivery quota')).toBeInTheDocument();
    expect(
      within(banner).getByText(
        /You have used all 100 deliveries of the Free plan this period\. New deliveries are held as Pending Review with the signal “plan limit reached”.*7 deliveries are waiting now\./,
      ),
    ).toBeInTheDocument();
    expect(within(banner).getByRole('link', { name: 'See held deliveries' })).toHaveAttribute(
      'href',
      '/deliveries?status=Pending%20Review',
    );

    await user.click(within(banner).getByRole('link', { name: 'Open billing' }));
    expect(
      await screen.findByRole('heading', { name: 'Plan and billing' }, { timeout: 4_000 }),
    ).toBeInTheDocument();
    // On the billing page itself the banner stays, without a link to where you already are.
    expect(
      within(screen.getByTestId('billing-banner')).queryByRole('link', { name: 'Open billing' }),
    ).not.toBeInTheDocument();
  });

  it('warns owners when an overdue payment holds deliveries', async () => {
    serveMe('owner');
    server.use(
      http.get('*/api/v1/billing', () =>
        HttpResponse.json(
          makeBilling({
            status: 'past_due',
            past_due_since: '2025-01-01T10:00:00Z',
            payment_hold_starts_at: '2025-01-15T10:00:00Z',
            deliveries_held_for_payment: true,
          }),
        ),
      ),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    const banner = await screen.findByTestId('billing-banner');
    expect(
      within(banner).getByText('Deliveries are on hold until your payment goes through'),
    ).toBeInTheDocument();
    expect(
      within(banner).getByText(/Update your payment method to release them\./),
    ).toBeInTheDocument();
  });

  it('shows no banner while the store is within its plan', async () => {
    serveMe('owner');
    let asked = 0;
    server.use(
      http.get('*/api/v1/billing', () => {
        asked += 1;
        return HttpResponse.json(makeBilling());
      }),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    expect(await screen.findByRole('heading', { name: 'Welcome, Olivia' })).toBeInTheDocument();
    await waitFor(() => {
      expect(asked).toBe(1);
    });
    expect(screen.queryByTestId('billing-banner')).not.toBeInTheDocument();
  });

  it('never asks for billing as an admin', async () => {
    serveMe('admin');
    let asked = 0;
    server.use(
      http.get('*/api/v1/billing', () => {
        asked += 1;
        return apiError(403, 'forbidden', 'You do not have permission to do this.');
      }),
    );
    renderRoutes(dashboardRoutes, { route: '/' });

    expect(await screen.findByRole('heading', { name: 'Welcome, Olivia' })).toBeInTheDocument();
    expect(asked).toBe(0);
    expect(screen.queryByTestId('billing-banner')).not.toBeInTheDocument();
  });
});
