import { screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dropEarly, startEarly } from '@/lib/early-requests';
import { queryKeys } from '@/lib/query-keys';
import { makeDelivery, makeDeliveryDetail, makeMe, page } from '@/test/fixtures';
import { renderScreen, setupUser, must } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { deliveryQueryFrom, startDeliveriesRequest } from '../api/list';
import { DeliveriesPage } from './deliveries-page';

const ID = 'de110000-0000-4000-8000-000000000042';

function serveBundleOptions() {
  server.use(
    http.get('*/api/v1/bundles', () =>
      HttpResponse.json(
        page([
          { id: 'b1', name: 'Autumn Presets', active: true, files: [] },
          { id: 'b2', name: 'Winter Pack', active: false, files: [] },
        ]),
      ),
    ),
  );
}

function show(route = '/deliveries') {
  return renderScreen(<DeliveriesPage />, {
    session: makeMe('member'),
    path: '/deliveries',
    route,
  });
}

afterEach(() => {
  dropEarly();
});

describe('Deliveries page', () => {
  it('lists deliveries with their exact statuses, test marks and pages', async () => {
    serveBundleOptions();
    server.use(
      http.get('*/api/v1/deliveries', () =>
        HttpResponse.json(
          page(
            [
              makeDelivery({ status: 'Pending Review', fraud_score: 45 }),
              makeDelivery({
                status: 'Downloaded',
                is_test: true,
                customer: { id: 'c2', email: 'test@store.example', first_name: '', last_name: '' },
              }),
            ],
            60,
          ),
        ),
      ),
    );
    show();

    const table = await screen.findByRole('table', { name: 'Deliveries' });
    const [, first, second] = within(table).getAllByRole('row');
    expect(within(must(first)).getByText('Pending Review')).toBeInTheDocument();
    expect(within(must(first)).getByText('45')).toBeInTheDocument();
    expect(within(must(first)).getByText('Casey Buyer')).toBeInTheDocument();
    expect(within(must(second)).getByText('Downloaded')).toBeInTheDocument();
    expect(within(must(second)).getByText('Test')).toBeInTheDocument();
    expect(screen.getByText('1–25 of 60 deliveries')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Page 3' })).toBeInTheDocument();
  });

  it('sends the search, filters, date range and sort to the API and keeps them in the URL', async () => {
    const user = setupUser();
    serveBundleOptions();
    const queries: URLSearchParams[] = [];
    server.use(
      http.get('*/api/v1/deliveries', ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json(page([makeDelivery()], 80));
      }),
    );
    const { router } = show('/deliveries?from=2025-01-10&to=2025-01-12&bundle=b1');

    await screen.findByRole('table', { name: 'Deliveries' });
    const first = queries.at(-1);
    expect(first?.get('bundle_id')).toBe('b1');
    expect(first?.get('sort')).toBe('-created_at');
    expect(new Date(first?.get('created_after') ?? '').getDate()).toBe(10);
    // The end day is included: before the next day's midnight.
    expect(new Date(first?.get('created_before') ?? '').getDate()).toBe(13);

    await user.type(screen.getByRole('textbox', { name: 'Customer email' }), 'casey');
    await waitFor(() => {
      expect(queries.at(-1)?.get('email')).toBe('casey');
    });

    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Pending Review' }));
    await waitFor(() => {
      expect(queries.at(-1)?.get('status')).toBe('Pending Review');
    });

    await user.click(screen.getByRole('combobox', { name: 'Sort' }));
    await user.click(await screen.findByRole('option', { name: 'Status A–Z' }));
    await waitFor(() => {
      expect(queries.at(-1)?.get('sort')).toBe('status');
    });

    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    await waitFor(() => {
      expect(queries.at(-1)?.get('page')).toBe('2');
    });
    const url = new URLSearchParams(router.state.location.search);
    expect(Object.fromEntries(url)).toEqual({
      from: '2025-01-10',
      to: '2025-01-12',
      bundle: 'b1',
      email: 'casey',
      status: 'Pending Review',
      sort: 'status',
      page: '2',
    });
  });

  it('says when nothing matches and clears the filters', async () => {
    const user = setupUser();
    serveBundleOptions();
    server.use(
      http.get('*/api/v1/deliveries', ({ request }) =>
        HttpResponse.json(
          new URL(request.url).searchParams.get('status') ? page([]) : page([makeDelivery()]),
        ),
      ),
    );
    show('/deliveries?status=Blocked');

    expect(await screen.findByText('No deliveries match these filters')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByRole('table', { name: 'Deliveries' })).toBeInTheDocument();
  });

  it('uses the first page asked for before the dashboard loaded instead of asking again', async () => {
    serveBundleOptions();
    const asked: URLSearchParams[] = [];
    server.use(
      http.get('*/api/v1/deliveries', ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json(page([makeDelivery({ status: 'Blocked' })], 1));
      }),
    );
    // What main.tsx does on a store host opened at /deliveries?status=Blocked.
    startDeliveriesRequest('?status=Blocked');
    show('/deliveries?status=Blocked');

    const table = await screen.findByRole('table', { name: 'Deliveries' });
    expect(within(table).getByText('Blocked')).toBeInTheDocument();
    expect(asked).toHaveLength(1);
    expect(asked[0]?.get('status')).toBe('Blocked');
  });

  it('renders the rows in its first render when that early answer has arrived', async () => {
    serveBundleOptions();
    const params = new URLSearchParams('?status=Blocked');
    startEarly(queryKeys.deliveryList(deliveryQueryFrom(params)), () =>
      Promise.resolve(page([makeDelivery({ status: 'Blocked' })], 1)),
    );
    await new Promise((resolve) => setTimeout(resolve, 0));

    show('/deliveries?status=Blocked');

    // No skeleton first (and no list handler: asking again would fail the test).
    const table = screen.getByRole('table', { name: 'Deliveries' });
    expect(within(table).getByText('Blocked')).toBeInTheDocument();
    expect(screen.getByText('1–1 of 1 deliveries')).toBeInTheDocument();
  });

  it('asks for the list itself when the early request was for other filters', async () => {
    serveBundleOptions();
    const asked: (string | null)[] = [];
    server.use(
      http.get('*/api/v1/deliveries', ({ request }) => {
        asked.push(new URL(request.url).searchParams.get('status'));
        return HttpResponse.json(page([makeDelivery({ status: 'Approved' })], 1));
      }),
    );
    startDeliveriesRequest('?status=Blocked');
    show('/deliveries?status=Approved');

    const table = await screen.findByRole('table', { name: 'Deliveries' });
    expect(within(table).getByText('Approved')).toBeInTheDocument();
    expect(asked.sort()).toEqual(['Approved', 'Blocked']);
  });

  it('shows an error state', async () => {
    serveBundleOptions();
    server.use(
      http.get('*/api/v1/deliveries', () => apiError(500, 'internal_error', 'Server error.')),
    );
    show();
    expect(await screen.findByText('Could not load deliveries')).toBeInTheDocument();
  });
});

describe('Delivery drawer', () => {
  function serveOne(detail = makeDeliveryDetail({ id: ID })) {
    serveBundleOptions();
    let current = detail;
    server.use(
      http.get('*/api/v1/deliveries', () =>
        HttpResponse.json(page([makeDelivery({ id: ID, status: current.status })])),
      ),
      http.get(`*/api/v1/deliveries/${ID}`, () => HttpResponse.json(current)),
    );
    return {
      set(next: typeof detail) {
        current = next;
      },
    };
  }

  it('opens from the table with the customer, fraud signals, link, downloads and events', async () => {
    const user = setupUser();
    serveOne(
      makeDeliveryDetail({
        id: ID,
        fraud_score: 20,
        fraud_signals: [
          {
            signal: 'repeat_same_bundle',
            points: 20,
            detail: 'This email received this bundle 3 times in 24 hours.',
          },
        ],
      }),
    );
    const { router } = show();

    await user.click(
      await screen.findByRole('button', { name: 'Open delivery to casey@customer.example' }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Delivery to casey@customer.example',
    });
    expect(router.state.location.search).toBe(`?delivery=${ID}`);
    // The drawer's content is a chunk of its own, loaded when it first opens.
    expect(await within(drawer).findByLabelText('Fraud score 20 of 100')).toBeInTheDocument();
    expect(
      within(drawer).getByText('This email received this bundle 3 times in 24 hours.'),
    ).toBeInTheDocument();
    expect(within(drawer).getByText('1 of 5 used')).toBeInTheDocument();
    expect(within(drawer).getByText('1 of 3 used')).toBeInTheDocument();
    const downloads = within(drawer).getByRole('table', { name: 'Downloads' });
    expect(within(downloads).getByText('presets.zip')).toBeInTheDocument();
    expect(within(downloads).getByText('203.0.113.7')).toBeInTheDocument();
    expect(within(downloads).getByText('Mozilla/5.0 (Macintosh)')).toBeInTheDocument();
    expect(within(drawer).getByText('Alva Download Ready')).toBeInTheDocument();
    expect(within(drawer).getByText('sent')).toBeInTheDocument();
    expect(within(drawer).getByText('Processing → Approved. Fraud score 0.')).toBeInTheDocument();
    // Approved: resend, extend, reset, revoke, block; not approve.
    const actions = within(drawer).getByRole('group', { name: 'Delivery actions' });
    expect(
      within(actions)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Block', 'Resend', 'Extend', 'Reset downloads', 'Revoke']);
  });

  it('approves with a confirmation and shows the new status at once', async () => {
    const user = setupUser();
    const held = makeDeliveryDetail({ id: ID, status: 'Pending Review', tokens: [] });
    const one = serveOne(held);
    let release: () => void = () => undefined;
    server.use(
      http.post(`*/api/v1/deliveries/${ID}/approve`, async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        const approved = makeDeliveryDetail({ id: ID, status: 'Approved' });
        one.set(approved);
        return HttpResponse.json(approved);
      }),
    );
    show(`/deliveries?delivery=${ID}`);

    const drawer = await screen.findByRole('dialog', {
      name: 'Delivery to casey@customer.example',
    });
    await user.click(await within(drawer).findByRole('button', { name: 'Approve' }));
    const confirm = await screen.findByRole('dialog', { name: 'Approve this delivery?' });
    await user.click(within(confirm).getByRole('button', { name: 'Approve' }));

    const table = screen.getByRole('table', { name: 'Deliveries' });
    await waitFor(() => {
      expect(within(table).getByText('Approved')).toBeInTheDocument();
    });
    release();
    expect(
      await screen.findByText('Approved: the download link is on its way.'),
    ).toBeInTheDocument();
  });

  it('rolls the row back and says why when the API answers 409 invalid_state', async () => {
    const user = setupUser();
    serveOne(makeDeliveryDetail({ id: ID, status: 'Approved' }));
    let release: () => void = () => undefined;
    server.use(
      http.post(`*/api/v1/deliveries/${ID}/revoke`, async () => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return apiError(
          409,
          'invalid_state',
          'Cannot revoke a delivery that is Expired (allowed: Approved, Downloaded, Pending Review).',
        );
      }),
    );
    show(`/deliveries?delivery=${ID}`);

    const drawer = await screen.findByRole('dialog', {
      name: 'Delivery to casey@customer.example',
    });
    await user.click(await within(drawer).findByRole('button', { name: 'Revoke' }));
    await user.click(
      within(await screen.findByRole('dialog', { name: 'Revoke the download link?' })).getByRole(
        'button',
        { name: 'Revoke' },
      ),
    );
    const table = screen.getByRole('table', { name: 'Deliveries' });
    await waitFor(() => {
      expect(within(table).getByText('Revoked')).toBeInTheDocument();
    });
    release();
    expect(await screen.findByText('Not possible in this state')).toBeInTheDocument();
    expect(screen.getByText(/Cannot revoke a delivery that is Expired/)).toBeInTheDocument();
    await waitFor(() => {
      expect(within(table).getByText('Approved')).toBeInTheDocument();
    });
  });

  it('waits for a delivery that was just accepted and is not created yet', async () => {
    serveBundleOptions();
    let asked = 0;
    server.use(
      http.get('*/api/v1/deliveries', () => HttpResponse.json(page([]))),
      http.get(`*/api/v1/deliveries/${ID}`, () => {
        asked += 1;
        return asked === 1
          ? apiError(404, 'not_found', 'No such delivery.')
          : HttpResponse.json(makeDeliveryDetail({ id: ID, is_test: true }));
      }),
    );
    show(`/deliveries?delivery=${ID}`);

    expect(await screen.findByText('Alva is still creating this delivery…')).toBeInTheDocument();
    const drawer = await screen.findByRole(
      'dialog',
      { name: 'Delivery to casey@customer.example' },
      { timeout: 3_000 },
    );
    expect(within(drawer).getByText('Test')).toBeInTheDocument();
    expect(screen.queryByText('No such delivery.')).not.toBeInTheDocument();
  });

  it('extends the link by the days chosen', async () => {
    const user = setupUser();
    serveOne(makeDeliveryDetail({ id: ID, status: 'Expired' }));
    let sent: unknown = null;
    server.use(
      http.post(`*/api/v1/deliveries/${ID}/extend`, async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(makeDeliveryDetail({ id: ID, status: 'Approved' }));
      }),
    );
    show(`/deliveries?delivery=${ID}`);

    const drawer = await screen.findByRole('dialog', {
      name: 'Delivery to casey@customer.example',
    });
    await user.click(await within(drawer).findByRole('button', { name: 'Extend' }));
    const dialog = await screen.findByRole('dialog', { name: 'Extend the download link' });
    const days = within(dialog).getByRole('textbox', { name: 'Days to add' });
    await user.clear(days);
    await user.type(days, '7');
    await user.click(within(dialog).getByRole('button', { name: 'Extend' }));
    expect(await screen.findByText('Link extended by 7 days.')).toBeInTheDocument();
    expect(sent).toEqual({ days: 7 });
  });
});
