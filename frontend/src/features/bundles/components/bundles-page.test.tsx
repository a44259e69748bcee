import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeBundle, makeFile, makeMe, page } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { BundlesPage } from './bundles-page';

describe('Bundles page', () => {
  it('lists bundles with status, ready files, limits and creation date', async () => {
    server.use(
      http.get('*/api/v1/bundles', () =>
        HttpResponse.json(
          page([
            makeBundle({
              files: [makeFile(), makeFile({ state: 'verifying' }), makeFile({ state: 'failed' })],
            }),
            makeBundle({ id: 'b2', name: 'Winter Pack', active: false, max_downloads: 1 }),
          ]),
        ),
      ),
    );
    renderScreen(<BundlesPage />, { session: makeMe('admin') });

    const table = await screen.findByRole('table');
    const [, autumn, winter] = within(table).getAllByRole('row');
    if (!autumn || !winter) throw new Error('expected two rows');
    expect(within(autumn).getByRole('link', { name: 'Autumn Presets' })).toHaveAttribute(
      'href',
      '/bundles/b0000001-0000-4000-8000-000000000001',
    );
    expect(within(autumn).getByText('Active')).toBeInTheDocument();
    expect(within(autumn).getByText('1 of 3 ready')).toBeInTheDocument();
    expect(within(autumn).getByText('1 in progress')).toBeInTheDocument();
    expect(within(autumn).getByText('1 failed')).toBeInTheDocument();
    expect(within(autumn).getByText('3 days · 5 downloads · 3 IPs')).toBeInTheDocument();
    expect(within(winter).getByText('Inactive')).toBeInTheDocument();
    expect(within(winter).getByText('3 days · 1 download · 3 IPs')).toBeInTheDocument();
    expect(screen.getByText('1–2 of 2 bundles')).toBeInTheDocument();
  });

  it('creates a bundle with the store’s delivery defaults filled in, and opens it', async () => {
    const user = setupUser();
    let sent: unknown = null;
    server.use(
      http.get('*/api/v1/bundles', () => HttpResponse.json(page([]))),
      http.get('*/api/v1/settings/delivery-defaults', () =>
        HttpResponse.json({ expiry_days: 14, max_downloads: 10, max_unique_ips: 4 }),
      ),
      http.post('*/api/v1/bundles', async ({ request }) => {
        sent = await request.json();
        return HttpResponse.json(makeBundle({ id: 'new-id', name: 'Spring' }), { status: 201 });
      }),
    );
    const { router } = renderScreen(<BundlesPage />, {
      session: makeMe('admin'),
      path: '/bundles',
      route: '/bundles',
      routes: [{ path: '/bundles/:id', element: <p>bundle page</p> }],
    });

    await user.click(await screen.findByRole('button', { name: 'New bundle' }));
    const dialog = await screen.findByRole('dialog', { name: 'New bundle' });
    const name = await within(dialog).findByRole('textbox', { name: /name/i });
    expect(within(dialog).getByRole('textbox', { name: /link lifetime/i })).toHaveValue('14');
    expect(within(dialog).getByRole('textbox', { name: /downloads per link/i })).toHaveValue('10');
    expect(within(dialog).getByRole('textbox', { name: /unique ips/i })).toHaveValue('4');
    expect(within(dialog).getByRole('link', { name: 'delivery defaults' })).toHaveAttribute(
      'href',
      '/settings/delivery-defaults',
    );
    await fill(user, name, '  Spring ');
    await fill(user, within(dialog).getByRole('textbox', { name: /downloads per link/i }), '2');
    await user.click(within(dialog).getByRole('button', { name: 'Create bundle' }));

    expect(await screen.findByText('bundle page')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/bundles/new-id');
    expect(sent).toEqual({
      name: 'Spring',
      description: '',
      active: true,
      expiry_days: 14,
      max_downloads: 2,
      max_unique_ips: 4,
    });
  });

  it('falls back to Alva’s defaults, and says so, when the store’s cannot be read', async () => {
    const user = setupUser();
    server.use(
      http.get('*/api/v1/bundles', () => HttpResponse.json(page([]))),
      http.get('*/api/v1/settings/delivery-defaults', () =>
        apiError(503, 'unavailable', 'Alva is briefly unavailable.'),
      ),
    );
    renderScreen(<BundlesPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'New bundle' }));
    const dialog = await screen.findByRole('dialog', { name: 'New bundle' });

    expect(
      await within(dialog).findByText(
        /delivery defaults could not be loaded \(Alva is briefly unavailable\.\)/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /link lifetime/i })).toHaveValue('3');
    expect(within(dialog).getByRole('textbox', { name: /downloads per link/i })).toHaveValue('5');
    expect(within(dialog).getByRole('textbox', { name: /unique ips/i })).toHaveValue('3');
  });

  it('checks the limits before sending, and shows the API’s 422 field errors', async () => {
    const user = setupUser();
    let posts = 0;
    server.use(
      http.get('*/api/v1/bundles', () => HttpResponse.json(page([]))),
      http.get('*/api/v1/settings/delivery-defaults', () =>
        HttpResponse.json({ expiry_days: 3, max_downloads: 5, max_unique_ips: 3 }),
      ),
      http.post('*/api/v1/bundles', () => {
        posts += 1;
        return apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { name: ['A bundle with this name exists.'], max_unique_ips: ['Too many.'] },
        });
      }),
    );
    renderScreen(<BundlesPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'New bundle' }));
    const dialog = await screen.findByRole('dialog', { name: 'New bundle' });
    await fill(user, await within(dialog).findByRole('textbox', { name: /name/i }), 'Autumn');
    const expiry = within(dialog).getByRole('textbox', { name: /link lifetime/i });
    await fill(user, expiry, '400');
    await user.click(within(dialog).getByRole('button', { name: 'Create bundle' }));
    expect(
      await within(dialog).findByText('Enter a whole number from 1 to 365.'),
    ).toBeInTheDocument();
    expect(posts).toBe(0);

    await fill(user, expiry, '30');
    await user.click(within(dialog).getByRole('button', { name: 'Create bundle' }));
    expect(await within(dialog).findByText('A bundle with this name exists.')).toBeInTheDocument();
    expect(within(dialog).getByText('Too many.')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /name/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(posts).toBe(1);
  });

  it('shows members the bundles without create controls', async () => {
    server.use(http.get('*/api/v1/bundles', () => HttpResponse.json(page([]))));
    renderScreen(<BundlesPage />, { session: makeMe('member') });

    expect(await screen.findByText('No bundles yet')).toBeInTheDocument();
    expect(screen.getByText('Admins create bundles and upload their files.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New bundle' })).not.toBeInTheDocument();
  });

  it('shows an error state with a retry', async () => {
    const user = setupUser();
    let fail = true;
    server.use(
      http.get('*/api/v1/bundles', () =>
        fail
          ? apiError(503, 'unavailable', 'Alva is briefly unavailable.')
          : HttpResponse.json(page([])),
      ),
    );
    renderScreen(<BundlesPage />, { session: makeMe('admin') });

    expect(await screen.findByText('Alva is briefly unavailable.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => {
      expect(screen.getByText('No bundles yet')).toBeInTheDocument();
    });
  });
});
