import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { must, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { DELIVERY_ID, makeAuditEntry, page } from '../testing/fixtures';
import { API, renderSupport } from '../testing/render';
import { auditQueryFrom } from './audit-log-page';

function serveAudit(answer: (params: URLSearchParams) => ReturnType<typeof HttpResponse.json>) {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get(`${API}/audit-log`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      asked.push(params);
      return answer(params);
    }),
  );
  return asked;
}

const ENTRIES = [
  makeAuditEntry({
    id: 33,
    action: 'delivery.extend',
    delivery_id: DELIVERY_ID,
    reason: 'Travelling, ticket 4420',
    details: { days: 5, delivery_status: 'Approved' },
    tenant: { id: 12, name: 'Northern Light Presets', subdomain: 'northern', status: 'active' },
    result: { outcome: 'done', detail: '', finished_at: '2025-01-12T12:30:02Z' },
    created_at: '2025-01-12T12:30:00Z',
  }),
  makeAuditEntry({ id: 31 }),
];

describe('Audit log', () => {
  it('shows who did what to which store, when and why, with the result', async () => {
    serveAudit(() => HttpResponse.json(page(ENTRIES)));
    renderSupport('/audit-log');

    const table = await screen.findByRole('table', { name: 'Audit log' });
    const [extend, suspend] = within(table).getAllByTestId('audit-row');
    expect(extend).toHaveTextContent('sam@alva-support.example.com');
    expect(extend).toHaveTextContent('Extended link by 5 days');
    expect(extend).toHaveTextContent('Travelling, ticket 4420');
    expect(within(must(extend)).getByRole('link', { name: /Delivery/ })).toHaveAttribute(
      'href',
      `/deliveries/${DELIVERY_ID}`,
    );
    expect(
      within(must(extend)).getByRole('link', { name: 'Northern Light Presets' }),
    ).toHaveAttribute('href', '/tenants/12');
    expect(within(must(extend)).getByText('Done')).toBeInTheDocument();
    expect(suspend).toHaveTextContent('Suspended store');
    expect(suspend).toHaveTextContent('Chargeback fraud, ticket 4411');
    expect(screen.getByText('1–2 of 2 entries')).toBeInTheDocument();
  });

  it('pages on the server, 50 at a time', async () => {
    const user = setupUser();
    const asked = serveAudit((params) =>
      HttpResponse.json(page([makeAuditEntry({ id: Number(params.get('page')) })], 120)),
    );
    renderSupport('/audit-log');

    await screen.findByText('1–50 of 120 entries');
    await user.click(screen.getByRole('button', { name: 'Page 3' }));

    expect(await screen.findByText('101–120 of 120 entries')).toBeInTheDocument();
    expect(must(asked.at(-1)).get('page')).toBe('3');
    expect(must(asked.at(-1)).get('page_size')).toBe('50');
  });

  it('filters by action and by the store it was opened for', async () => {
    const user = setupUser();
    const asked = serveAudit(() => HttpResponse.json(page(ENTRIES)));
    const { router } = renderSupport('/audit-log?tenant=12');

    await screen.findByRole('table', { name: 'Audit log' });
    expect(must(asked[0]).get('tenant_id')).toBe('12');
    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(await screen.findByRole('option', { name: 'Suspended store' }));
    await waitFor(() => {
      expect(must(asked.at(-1)).get('action')).toBe('tenant.suspend');
    });
    expect(must(asked.at(-1)).get('tenant_id')).toBe('12');

    await user.click(screen.getByRole('button', { name: /Show every store/ }));
    await waitFor(() => {
      expect(must(asked.at(-1)).get('tenant_id')).toBeNull();
    });
    expect(router.state.location.search).toBe('?action=tenant.suspend');
  });

  it('says when there is nothing yet', async () => {
    serveAudit(() => HttpResponse.json(page([])));
    renderSupport('/audit-log');
    expect(await screen.findByText('No support actions yet')).toBeInTheDocument();
  });

  it('shows an error with a retry', async () => {
    serveAudit(() => apiError(500, 'server_error', 'Something broke.'));
    renderSupport('/audit-log');
    expect(await screen.findByRole('alert')).toHaveTextContent('Something broke.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('reads the URL into an API query, ignoring nonsense', () => {
    expect(auditQueryFrom(new URLSearchParams('action=drop.table&tenant=x&delivery=1'))).toEqual({
      page: 1,
      page_size: 50,
    });
    expect(
      auditQueryFrom(
        new URLSearchParams(`action=delivery.resend&tenant=7&delivery=${DELIVERY_ID}`),
      ),
    ).toEqual({
      page: 1,
      page_size: 50,
      action: 'delivery.resend',
      tenant_id: 7,
      delivery_id: DELIVERY_ID,
    });
  });
});
