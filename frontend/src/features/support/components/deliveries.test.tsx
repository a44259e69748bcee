import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fill, must, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import type { AuditEntry, SupportDeliveryDetail } from '../api/types';
import {
  DELIVERY_ID,
  makeAuditEntry,
  makeIndexedDelivery,
  makeSupportDelivery,
  page,
} from '../testing/fixtures';
import { API, renderSupport } from '../testing/render';
import { actionsBlockedBy } from './delivery-detail-page';
import { deliverySearchFrom } from './delivery-search-page';

function serveSearch() {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get(`${API}/deliveries`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      asked.push(params);
      if (params.get('email') === 'nobody@example.com') return HttpResponse.json(page([]));
      return HttpResponse.json(
        page([
          makeIndexedDelivery(),
          makeIndexedDelivery({
            delivery_id: 'de110000-0000-4000-8000-000000000002',
            tenant: { id: 14, name: 'Quiet Fonts', subdomain: 'quiet', status: 'suspended' },
            bundle_name: 'Serif Pack',
            status: 'Expired',
            is_test: true,
          }),
        ]),
      );
    }),
  );
  return asked;
}

/** The delivery detail and its support history, which a resend or extend appends to. */
function serveDelivery(detail: SupportDeliveryDetail = makeSupportDelivery()) {
  const history: AuditEntry[] = [];
  const posts: { path: string; body: unknown; csrf: string | null }[] = [];
  server.use(
    http.get(`${API}/deliveries/${DELIVERY_ID}`, () => HttpResponse.json(detail)),
    http.get(`${API}/audit-log`, ({ request }) => {
      expect(new URL(request.url).searchParams.get('delivery_id')).toBe(DELIVERY_ID);
      return HttpResponse.json(page([...history]));
    }),
    http.post(`${API}/deliveries/${DELIVERY_ID}/:action`, async ({ request, params }) => {
      const body = (await request.json()) as { reason: string; days?: number };
      posts.push({ path: String(params.action), body, csrf: request.headers.get('X-CSRFToken') });
      const entry = makeAuditEntry({
        id: 40 + posts.length,
        action: params.action === 'resend' ? 'delivery.resend' : 'delivery.extend',
        delivery_id: DELIVERY_ID,
        reason: body.reason,
        details: body.days ? { days: body.days, delivery_status: 'Approved' } : {},
      });
      history.unshift(entry);
      return HttpResponse.json(entry, { status: 202 });
    }),
  );
  return { history, posts };
}

describe('Delivery search', () => {
  it('finds deliveries across stores by customer email and opens one', async () => {
    const user = setupUser();
    const asked = serveSearch();
    serveDelivery();
    const { router } = renderSupport('/deliveries');

    expect(await screen.findByText('Search across every store')).toBeInTheDocument();
    await fill(
      user,
      screen.getByRole('textbox', { name: 'Customer email or delivery id' }),
      ' Casey@Customer.example ',
    );
    await user.click(screen.getByRole('button', { name: 'Search' }));

    const table = await screen.findByRole('table', { name: 'Deliveries found' });
    expect(must(asked.at(-1)).get('email')).toBe('Casey@Customer.example');
    expect(must(asked.at(-1)).get('delivery_id')).toBeNull();
    const rows = within(table).getAllByTestId('delivery-result');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent('Northern Light Presets');
    expect(rows[0]).toHaveTextContent('Autumn Presets');
    expect(rows[0]).toHaveTextContent('Approved');
    expect(rows[1]).toHaveTextContent('Quiet Fonts');
    expect(within(must(rows[1])).getByText('Suspended')).toBeInTheDocument();
    expect(within(must(rows[1])).getByText('Test')).toBeInTheDocument();

    await user.click(within(table).getByRole('link', { name: `Open delivery ${DELIVERY_ID}` }));
    expect(
      await screen.findByRole('heading', { name: 'Delivery to casey@customer.example' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(`/deliveries/${DELIVERY_ID}`);

    // Back to the same results.
    await user.click(screen.getByRole('link', { name: 'Delivery search' }));
    expect(await screen.findByRole('table', { name: 'Deliveries found' })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?q=Casey%40Customer.example');
  });

  it('searches by delivery id when given one', async () => {
    const user = setupUser();
    const asked = serveSearch();
    renderSupport('/deliveries');

    await fill(
      user,
      await screen.findByRole('textbox', { name: 'Customer email or delivery id' }),
      DELIVERY_ID.toUpperCase(),
    );
    await user.click(screen.getByRole('button', { name: 'Search' }));

    await screen.findByRole('table', { name: 'Deliveries found' });
    expect(must(asked.at(-1)).get('delivery_id')).toBe(DELIVERY_ID);
    expect(must(asked.at(-1)).get('email')).toBeNull();
  });

  it('checks the search term first, and says when nothing is found', async () => {
    const user = setupUser();
    const asked = serveSearch();
    renderSupport('/deliveries');

    const field = await screen.findByRole('textbox', { name: 'Customer email or delivery id' });
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(
      screen.getByText('Enter a customer email address or a delivery id.'),
    ).toBeInTheDocument();
    await fill(user, field, 'casey');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(screen.getByText(/full email address/)).toBeInTheDocument();
    expect(asked).toHaveLength(0);

    await fill(user, field, 'nobody@example.com');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(await screen.findByText('No deliveries found')).toBeInTheDocument();
  });

  it('shows the API’s 422 on the search field', async () => {
    server.use(
      http.get(`${API}/deliveries`, () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { email: ['String should have at most 254 characters'] },
        }),
      ),
    );
    renderSupport(`/deliveries?q=${'a'.repeat(250)}%40example.com`);

    expect(
      await screen.findByText('String should have at most 254 characters'),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Customer email or delivery id' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('reads the URL into an API query', () => {
    expect(deliverySearchFrom(new URLSearchParams(''))).toBeNull();
    expect(deliverySearchFrom(new URLSearchParams('q=a%40b.co&page=2'))).toEqual({
      page: 2,
      page_size: 25,
      email: 'a@b.co',
    });
  });
});

describe('Delivery detail', () => {
  it('shows the delivery read-only: customer, links, downloads, Klaviyo events, event log', async () => {
    serveDelivery();
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    expect(
      await screen.findByRole('heading', { name: 'Delivery to casey@customer.example' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('main')).getByRole('link', { name: 'Northern Light Presets' }),
    ).toHaveAttribute('href', '/tenants/12');
    expect(screen.getByRole('region', { name: 'Customer' })).toHaveTextContent('Casey Buyer');
    expect(screen.getByRole('table', { name: 'Download links' })).toHaveTextContent(
      '1 of 5 downloads',
    );
    expect(screen.getByRole('table', { name: 'Downloads' })).toHaveTextContent('203.0.113.7');
    expect(screen.getByRole('region', { name: 'Klaviyo events' })).toHaveTextContent(
      'Alva Download Ready',
    );
    expect(screen.getByRole('region', { name: 'Event log' })).toHaveTextContent(
      'Processing → Approved. Fraud score 10.',
    );
    expect(await screen.findByText('Support has not acted on this delivery.')).toBeInTheDocument();
    // Read-only: none of the merchant's own actions are offered.
    for (const name of ['Approve', 'Block', 'Revoke']) {
      expect(screen.queryByRole('button', { name })).not.toBeInTheDocument();
    }
  });

  it('resends the Download Ready event with a reason and shows it queued', async () => {
    const user = setupUser();
    const { posts } = serveDelivery();
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Resend Download Ready' }));
    const dialog = await screen.findByRole('dialog', { name: 'Resend the Download Ready event?' });
    await user.click(within(dialog).getByRole('button', { name: 'Resend' }));
    expect(
      within(dialog).getByText('Give a reason: it is recorded in the audit log.'),
    ).toBeInTheDocument();
    expect(posts).toEqual([]);

    await fill(
      user,
      within(dialog).getByRole('textbox', { name: /reason/i }),
      'Customer lost the email',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Resend' }));

    expect(await screen.findByText('Resend queued')).toBeInTheDocument();
    expect(posts).toEqual([
      { path: 'resend', body: { reason: 'Customer lost the email' }, csrf: 'csrf-from-endpoint' },
    ]);
    const history = await screen.findByTestId('support-action');
    expect(history).toHaveTextContent('Resent Download Ready');
    expect(history).toHaveTextContent('“Customer lost the email”');
    expect(within(history).getByText('Queued')).toBeInTheDocument();
  });

  it('extends the link by a number of days, with a reason', async () => {
    const user = setupUser();
    const { posts } = serveDelivery();
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Extend link' }));
    const dialog = await screen.findByRole('dialog', { name: 'Extend the download link?' });
    const days = within(dialog).getByRole('textbox', { name: /days to add/i });
    await fill(user, days, '400');
    await fill(user, within(dialog).getByRole('textbox', { name: /reason/i }), 'Travelling');
    await user.click(within(dialog).getByRole('button', { name: 'Extend link' }));
    expect(
      within(dialog).getByText('Enter a whole number of days from 1 to 365.'),
    ).toBeInTheDocument();
    expect(posts).toEqual([]);

    await fill(user, days, '5');
    await user.click(within(dialog).getByRole('button', { name: 'Extend link' }));

    expect(await screen.findByText('Extension by 5 days queued')).toBeInTheDocument();
    expect(posts).toEqual([
      { path: 'extend', body: { reason: 'Travelling', days: 5 }, csrf: 'csrf-from-endpoint' },
    ]);
    expect(await screen.findByText('Extended link by 5 days')).toBeInTheDocument();
  });

  it('shows a refusal from the API in the dialog', async () => {
    const user = setupUser();
    serveDelivery();
    server.use(
      http.post(`${API}/deliveries/${DELIVERY_ID}/resend`, () =>
        apiError(409, 'invalid_state', 'Cannot resend a delivery that is Revoked (allowed: …).'),
      ),
    );
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Resend Download Ready' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByRole('textbox', { name: /reason/i }), 'Customer asked');
    await user.click(within(dialog).getByRole('button', { name: 'Resend' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Cannot resend a delivery that is Revoked',
    );
  });

  it('offers no actions on a suspended store’s delivery, and says why', async () => {
    serveDelivery(
      makeSupportDelivery({
        tenant: {
          id: 12,
          name: 'Northern Light Presets',
          subdomain: 'northern',
          status: 'suspended',
        },
      }),
    );
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    expect(
      await screen.findByText(
        'The store is suspended: unsuspend it before acting on its deliveries.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Resend Download Ready' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Extend link' })).toBeDisabled();
  });

  it('shows what became of earlier actions', async () => {
    const { history } = serveDelivery();
    history.push(
      makeAuditEntry({
        id: 50,
        action: 'delivery.resend',
        delivery_id: DELIVERY_ID,
        reason: 'Second try',
        result: {
          outcome: 'refused',
          detail: 'This delivery has no live download link.',
          finished_at: '2025-01-12T12:00:05Z',
        },
      }),
    );
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    const entry = await screen.findByTestId('support-action');
    expect(within(entry).getByText('Refused')).toBeInTheDocument();
    expect(entry).toHaveTextContent('This delivery has no live download link.');
  });

  it('says when there is no such delivery', async () => {
    server.use(
      http.get(`${API}/deliveries/${DELIVERY_ID}`, () =>
        apiError(404, 'not_found', 'No such delivery.'),
      ),
    );
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    expect(await screen.findByRole('alert')).toHaveTextContent('No such delivery.');
  });

  it('explains why actions are blocked', () => {
    expect(actionsBlockedBy(makeSupportDelivery())).toBeNull();
    expect(actionsBlockedBy(makeSupportDelivery({ status: 'Pending Review' }))).toBe(
      'Resend and extend work on Approved, Downloaded or Expired deliveries; this one is Pending Review.',
    );
    const redacted = makeSupportDelivery();
    redacted.customer.redacted_at = '2025-01-13T00:00:00Z';
    expect(actionsBlockedBy(redacted)).toMatch(/redacted/);
  });
});

describe('Delivery detail refresh', () => {
  it('reads the delivery again once a queued action has its result', async () => {
    const user = setupUser();
    let detailCalls = 0;
    const { history } = serveDelivery();
    server.use(
      http.get(`${API}/deliveries/${DELIVERY_ID}`, () => {
        detailCalls += 1;
        return HttpResponse.json(makeSupportDelivery());
      }),
    );
    renderSupport(`/deliveries/${DELIVERY_ID}`);

    await user.click(await screen.findByRole('button', { name: 'Resend Download Ready' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByRole('textbox', { name: /reason/i }), 'Lost the email');
    await user.click(within(dialog).getByRole('button', { name: 'Resend' }));
    await screen.findByText('Queued');
    const before = detailCalls;

    const queued = must(history[0]);
    history[0] = {
      ...queued,
      result: { outcome: 'done', detail: '', finished_at: '2025-01-12T12:00:03Z' },
    };
    // The history polls every 2 s while an action is queued.
    await waitFor(
      () => {
        expect(screen.getByText('Done')).toBeInTheDocument();
      },
      { timeout: 6_000 },
    );
    await waitFor(() => {
      expect(detailCalls).toBeGreaterThan(before);
    });
  });
});
