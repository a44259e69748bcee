import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeDelivery, makeMe, page } from '@/test/fixtures';
import { renderScreen, setupUser, must } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { CustomerDetailPage } from './customer-detail-page';
import { CustomersPage } from './customers-page';

const CUSTOMER = {
  id: 'c1',
  email: 'casey@customer.example',
  first_name: 'Casey',
  last_name: 'Buyer',
  phone: '+1 555 0100',
  klaviyo_profile_id: '01HPROFILE',
  external_id: '',
  created_at: '2025-01-12T10:00:00Z',
};

describe('Customers', () => {
  it('lists customers and searches by email', async () => {
    const user = setupUser();
    const emails: (string | null)[] = [];
    server.use(
      http.get('*/api/v1/customers', ({ request }) => {
        const email = new URL(request.url).searchParams.get('email');
        emails.push(email);
        return HttpResponse.json(
          email === 'nobody'
            ? page([])
            : page([{ ...CUSTOMER, delivery_count: 3, downloaded_count: 2 }], 1),
        );
      }),
    );
    renderScreen(<CustomersPage />, {
      session: makeMe('member'),
      path: '/customers',
      route: '/customers',
    });

    const table = await screen.findByRole('table', { name: 'Customers' });
    const [, row] = within(table).getAllByRole('row');
    expect(within(must(row)).getByRole('link', { name: 'casey@customer.example' })).toHaveAttribute(
      'href',
      '/customers/c1',
    );
    expect(within(must(row)).getByText('Casey Buyer')).toBeInTheDocument();
    expect(within(must(row)).getByText('3')).toBeInTheDocument();

    await user.type(screen.getByRole('textbox', { name: 'Search by email' }), 'nobody');
    expect(await screen.findByText('No customer matches “nobody”')).toBeInTheDocument();
    expect(emails.at(-1)).toBe('nobody');
  });

  it('shows a customer with their deliveries, each linking to its detail', async () => {
    server.use(
      http.get('*/api/v1/customers/c1', () =>
        HttpResponse.json({
          ...CUSTOMER,
          deliveries: [
            makeDelivery({ id: 'd1', status: 'Blocked' }),
            makeDelivery({ id: 'd2', status: 'Downloaded', is_test: true }),
          ],
        }),
      ),
    );
    renderScreen(<CustomerDetailPage />, {
      session: makeMe('member'),
      path: '/customers/:customerId',
      route: '/customers/c1',
    });

    expect(await screen.findByRole('heading', { name: 'Casey Buyer' })).toBeInTheDocument();
    expect(screen.getByText('+1 555 0100')).toBeInTheDocument();
    expect(screen.getByText('01HPROFILE')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Deliveries of this customer' });
    expect(within(table).getByText('Blocked')).toBeInTheDocument();
    expect(within(table).getByText('Test')).toBeInTheDocument();
    const links = within(table).getAllByRole('link', { name: 'Open delivery of Autumn Presets' });
    expect(links.map((link) => link.getAttribute('href'))).toEqual([
      '/deliveries?delivery=d1',
      '/deliveries?delivery=d2',
    ]);
  });

  it('lets admins erase a customer’s personal data after a confirmation; members cannot', async () => {
    const user = setupUser();
    let erased = false;
    server.use(
      http.get('*/api/v1/customers/c1', () =>
        HttpResponse.json({
          ...CUSTOMER,
          email: erased ? 'erased-3f2a@redacted.invalid' : CUSTOMER.email,
          first_name: erased ? '' : CUSTOMER.first_name,
          last_name: erased ? '' : CUSTOMER.last_name,
          redacted_at: erased ? '2025-01-13T10:00:00Z' : null,
          deliveries: [],
        }),
      ),
      http.delete('*/api/v1/customers/c1', () => {
        erased = true;
        return HttpResponse.json({
          already_erased: false,
          customer_id: 'c1',
          email: 'erased-3f2a@redacted.invalid',
          redacted_at: '2025-01-13T10:00:00Z',
          deliveries: 2,
          deliveries_revoked: 0,
          tokens_revoked: 1,
          klaviyo_events_cancelled: 0,
        });
      }),
    );
    renderScreen(<CustomerDetailPage />, {
      session: makeMe('admin'),
      path: '/customers/:customerId',
      route: '/customers/c1',
    });

    await user.click(await screen.findByRole('button', { name: 'Erase personal data' }));
    const confirm = await screen.findByRole('dialog', {
      name: 'Erase this customer’s personal data?',
    });
    expect(erased).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Erase personal data' }));
    expect(await screen.findByText('Personal data erased')).toBeInTheDocument();
    expect(await screen.findByText('Redacted')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Erase personal data' })).not.toBeInTheDocument();
  });

  it('does not offer erasure to members', async () => {
    server.use(
      http.get('*/api/v1/customers/c1', () =>
        HttpResponse.json({ ...CUSTOMER, redacted_at: null, deliveries: [] }),
      ),
    );
    renderScreen(<CustomerDetailPage />, {
      session: makeMe('member'),
      path: '/customers/:customerId',
      route: '/customers/c1',
    });
    expect(await screen.findByRole('heading', { name: 'Casey Buyer' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Erase personal data' })).not.toBeInTheDocument();
  });

  it('says when a customer does not exist', async () => {
    server.use(
      http.get('*/api/v1/customers/c9', () => apiError(404, 'not_found', 'No such customer.')),
    );
    renderScreen(<CustomerDetailPage />, {
      session: makeMe('member'),
      path: '/customers/:customerId',
      route: '/customers/c9',
    });
    expect(await screen.findByText('This customer does not exist')).toBeInTheDocument();
  });

  it('shows an error state with a retry', async () => {
    const user = setupUser();
    let fail = true;
    server.use(
      http.get('*/api/v1/customers', () =>
        fail ? apiError(500, 'internal_error', 'Server error.') : HttpResponse.json(page([])),
      ),
    );
    renderScreen(<CustomersPage />, { session: makeMe('member') });
    expect(await screen.findByText('Could not load customers')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => {
      expect(screen.getByText('No customers yet')).toBeInTheDocument();
    });
  });
});
