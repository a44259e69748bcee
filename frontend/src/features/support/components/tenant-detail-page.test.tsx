import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fill, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { makeAuditEntry, makeTenantDetail } from '../testing/fixtures';
import { API, renderSupport } from '../testing/render';

function serveTenant(detail = makeTenantDetail()) {
  let current = detail;
  server.use(http.get(`${API}/tenants/12`, () => HttpResponse.json(current)));
  return {
    become: (next: typeof detail) => {
      current = next;
    },
  };
}

describe('Store detail', () => {
  it('shows plan, usage, Klaviyo health, 24 h of webhooks and the outbox backlog', async () => {
    serveTenant();
    renderSupport('/tenants/12');

    expect(
      await screen.findByRole('heading', { name: 'Northern Light Presets', level: 1 }),
    ).toBeInTheDocument();
    const plan = screen.getByRole('region', { name: 'Plan and usage' });
    expect(plan).toHaveTextContent('Growth');
    expect(within(plan).getByText('450 of 5,000')).toBeInTheDocument();
    expect(within(plan).getByText('2 GB of 50 GB')).toBeInTheDocument();
    expect(within(plan).getByText('4 of 50')).toBeInTheDocument();

    const klaviyo = screen.getByRole('region', { name: 'Klaviyo connection' });
    expect(within(klaviyo).getByText('Failing')).toBeInTheDocument();
    expect(klaviyo).toHaveTextContent('Private API key');
    expect(klaviyo).toHaveTextContent('Klaviyo answered 503 Service Unavailable.');

    const webhooks = screen.getByRole('region', { name: 'Webhooks, last 24 hours' });
    expect(webhooks).toHaveTextContent('120Accepted');
    expect(webhooks).toHaveTextContent('6Rejected');
    expect(webhooks).toHaveTextContent('4.6%Reject rate');
    const errors = within(webhooks).getByRole('table', { name: 'Last webhook errors' });
    expect(errors).toHaveTextContent('invalid_secret');
    expect(errors).toHaveTextContent('The webhook secret is wrong.');

    const outbox = screen.getByRole('region', { name: 'Klaviyo event outbox' });
    expect(outbox).toHaveTextContent('7Pending');
    expect(outbox).toHaveTextContent('2Failed (24 h)');

    const store = screen.getByRole('region', { name: 'Store' });
    expect(store).toHaveTextContent('olivia@northern.example');
    expect(
      within(screen.getByRole('main')).getByRole('link', { name: 'Audit log' }),
    ).toHaveAttribute('href', '/audit-log?tenant=12');
  });

  it('suspends a store only with a reason, and shows it suspended', async () => {
    const user = setupUser();
    const bodies: unknown[] = [];
    const tenant = serveTenant();
    server.use(
      http.post(`${API}/tenants/12/suspend`, async ({ request }) => {
        bodies.push(await request.json());
        tenant.become(makeTenantDetail({ status: 'suspended' }));
        return HttpResponse.json(makeAuditEntry());
      }),
    );
    renderSupport('/tenants/12');

    await user.click(await screen.findByRole('button', { name: 'Suspend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Suspend Northern Light Presets?' });
    await user.click(within(dialog).getByRole('button', { name: 'Suspend store' }));
    expect(
      within(dialog).getByText('Give a reason: it is recorded in the audit log.'),
    ).toBeInTheDocument();
    await fill(user, within(dialog).getByRole('textbox', { name: /reason/i }), ' x ');
    await user.click(within(dialog).getByRole('button', { name: 'Suspend store' }));
    expect(within(dialog).getByText('Give a reason of at least 3 characters.')).toBeInTheDocument();
    expect(bodies).toEqual([]);

    await fill(
      user,
      within(dialog).getByRole('textbox', { name: /reason/i }),
      ' Chargeback fraud, ticket 4411 ',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Suspend store' }));

    expect(await screen.findByText('Northern Light Presets is suspended.')).toBeInTheDocument();
    expect(bodies).toEqual([{ reason: 'Chargeback fraud, ticket 4411' }]);
    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(await screen.findByRole('button', { name: 'Unsuspend' })).toBeInTheDocument();
    expect(screen.getByText('Suspended')).toBeInTheDocument();
  });

  it('shows the API’s field errors and refusals in the dialog', async () => {
    const user = setupUser();
    let calls = 0;
    serveTenant(makeTenantDetail({ status: 'suspended' }));
    server.use(
      http.post(`${API}/tenants/12/unsuspend`, () => {
        calls += 1;
        return calls === 1
          ? apiError(422, 'validation_error', 'Some fields are invalid.', {
              fields: { reason: ['String should have at most 1000 characters'] },
            })
          : apiError(409, 'invalid_state', 'The store is active: it cannot be made active.');
      }),
    );
    renderSupport('/tenants/12');

    await user.click(await screen.findByRole('button', { name: 'Unsuspend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Unsuspend Northern Light Presets?' });
    await fill(user, within(dialog).getByRole('textbox', { name: /reason/i }), 'Cleared by risk');
    await user.click(within(dialog).getByRole('button', { name: 'Unsuspend store' }));

    expect(
      await within(dialog).findByText('String should have at most 1000 characters'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /reason/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );

    await user.click(within(dialog).getByRole('button', { name: 'Unsuspend store' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The store is active: it cannot be made active.',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('cancels without asking the API', async () => {
    const user = setupUser();
    let calls = 0;
    serveTenant();
    server.use(
      http.post(`${API}/tenants/12/suspend`, () => {
        calls += 1;
        return HttpResponse.json(makeAuditEntry());
      }),
    );
    renderSupport('/tenants/12');

    await user.click(await screen.findByRole('button', { name: 'Suspend' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByRole('textbox', { name: /reason/i }), 'Not sure yet');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(calls).toBe(0);
  });

  it('says when there is no such store', async () => {
    server.use(http.get(`${API}/tenants/404`, () => apiError(404, 'not_found', 'No such store.')));
    renderSupport('/tenants/404');

    expect(await screen.findByRole('alert')).toHaveTextContent('No such store.');
    expect(within(screen.getByRole('main')).getByRole('link', { name: 'Stores' })).toHaveAttribute(
      'href',
      '/tenants',
    );
  });
});
