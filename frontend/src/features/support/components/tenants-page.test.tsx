import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fill, must, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { makeTenant, makeTenantDetail, page } from '../testing/fixtures';
import { API, renderSupport } from '../testing/render';
import { tenantQueryFrom } from './tenants-page';

/** Answers the list and remembers every query string it was asked with. */
function serveTenants(answer: (url: URL) => ReturnType<typeof HttpResponse.json>) {
  const asked: URLSearchParams[] = [];
  server.use(
    http.get(`${API}/tenants`, ({ request }) => {
      const url = new URL(request.url);
      asked.push(url.searchParams);
      return answer(url);
    }),
  );
  return asked;
}

describe('Stores list', () => {
  it('lists stores with owner, plan and a status badge', async () => {
    serveTenants(() =>
      HttpResponse.json(
        page([
          makeTenant(),
          makeTenant({
            id: 13,
            name: 'Quiet Fonts',
            subdomain: 'quiet',
            status: 'suspended',
            owner_email: null,
            plan_code: 'free',
          }),
        ]),
      ),
    );
    renderSupport('/tenants');

    const table = await screen.findByRole('table', { name: 'Stores' });
    const rows = within(table).getAllByTestId('tenant-row');
    expect(rows).toHaveLength(2);
    const [first, second] = rows.map(must);
    expect(
      within(must(first)).getByRole('link', { name: 'Northern Light Presets' }),
    ).toHaveAttribute('href', '/tenants/12');
    expect(first).toHaveTextContent('olivia@northern.example');
    expect(first).toHaveTextContent('growth');
    expect(within(must(first)).getByText('Active')).toBeInTheDocument();
    expect(within(must(second)).getByText('Suspended')).toBeInTheDocument();
    expect(second).toHaveTextContent('No owner');
    expect(screen.getByText('1–2 of 2 stores')).toBeInTheDocument();
  });

  it('searches by name, subdomain or owner email and starts again on page 1', async () => {
    const user = setupUser();
    const asked = serveTenants((url) =>
      url.searchParams.get('search') === 'olivia@'
        ? HttpResponse.json(page([makeTenant()]))
        : HttpResponse.json(page([makeTenant(), makeTenant({ id: 13, name: 'Quiet Fonts' })], 60)),
    );
    const { router } = renderSupport('/tenants?page=2');

    await screen.findByText('26–50 of 60 stores');
    expect(must(asked[0]).get('page')).toBe('2');
    await fill(user, screen.getByRole('textbox', { name: 'Search stores' }), 'olivia@');

    await waitFor(() => {
      expect(screen.getByText('1–1 of 1 stores')).toBeInTheDocument();
    });
    const last = must(asked.at(-1));
    expect(last.get('search')).toBe('olivia@');
    expect(last.get('page')).toBe('1');
    expect(router.state.location.search).toBe('?q=olivia%40');
  });

  it('pages through the results on the server', async () => {
    const user = setupUser();
    const asked = serveTenants((url) =>
      HttpResponse.json(page([makeTenant({ id: Number(url.searchParams.get('page')) * 100 })], 60)),
    );
    renderSupport('/tenants');

    await screen.findByText('1–25 of 60 stores');
    await user.click(screen.getByRole('button', { name: 'Page 3' }));

    expect(await screen.findByText('51–60 of 60 stores')).toBeInTheDocument();
    expect(must(asked.at(-1)).get('page')).toBe('3');
    expect(must(asked.at(-1)).get('page_size')).toBe('25');
  });

  it('sorts and filters by status', async () => {
    const user = setupUser();
    const asked = serveTenants(() => HttpResponse.json(page([makeTenant()])));
    renderSupport('/tenants');

    await screen.findByRole('table', { name: 'Stores' });
    await user.click(screen.getByRole('combobox', { name: 'Sort' }));
    await user.click(await screen.findByRole('option', { name: 'Name A–Z' }));
    await waitFor(() => {
      expect(must(asked.at(-1)).get('sort')).toBe('name');
    });
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(await screen.findByRole('option', { name: 'Suspended' }));
    await waitFor(() => {
      expect(must(asked.at(-1)).get('status')).toBe('suspended');
    });
    expect(must(asked.at(-1)).get('sort')).toBe('name');
  });

  it('says when nothing matches and clears the filters', async () => {
    const user = setupUser();
    serveTenants((url) =>
      url.searchParams.get('search')
        ? HttpResponse.json(page([]))
        : HttpResponse.json(page([makeTenant()])),
    );
    renderSupport('/tenants?q=nothing-like-this');

    expect(await screen.findByText('No stores match')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByRole('table', { name: 'Stores' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Search stores' })).toHaveValue('');
  });

  it('shows an error with a retry', async () => {
    const user = setupUser();
    let calls = 0;
    serveTenants(() => {
      calls += 1;
      return calls === 1
        ? apiError(500, 'server_error', 'Something broke.')
        : HttpResponse.json(page([makeTenant()]));
    });
    renderSupport('/tenants');

    expect(await screen.findByRole('alert')).toHaveTextContent('Something broke.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Stores' })).toBeInTheDocument();
  });

  it('opens a store from its row', async () => {
    const user = setupUser();
    serveTenants(() => HttpResponse.json(page([makeTenant()])));
    server.use(http.get(`${API}/tenants/12`, () => HttpResponse.json(makeTenantDetail())));
    const { router } = renderSupport('/tenants');

    await user.click(await screen.findByRole('link', { name: 'Northern Light Presets' }));

    expect(
      await screen.findByRole('heading', { name: 'Northern Light Presets', level: 1 }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tenants/12');
  });

  it('reads the URL into an API query, ignoring nonsense', () => {
    expect(tenantQueryFrom(new URLSearchParams('q=%20acme%20&status=gone&sort=x&page=-3'))).toEqual(
      { page: 1, page_size: 25, sort: '-created_at', search: 'acme' },
    );
    expect(tenantQueryFrom(new URLSearchParams('status=suspended&sort=-name&page=4'))).toEqual({
      page: 4,
      page_size: 25,
      sort: '-name',
      status: 'suspended',
    });
  });
});
