import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeApiKey, makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { ApiKeysPage } from './api-keys-page';

describe('API keys page', () => {
  it('lists the keys with their prefix, creator and last use', async () => {
    server.use(
      http.get('*/api/v1/api-keys', () =>
        HttpResponse.json([
          makeApiKey(),
          makeApiKey({
            id: 4,
            name: 'Reporting',
            prefix: 'ffeeddccbbaa',
            last_used_at: new Date().toISOString(),
          }),
        ]),
      ),
    );
    renderScreen(<ApiKeysPage />, { session: makeMe('admin') });

    const table = await screen.findByRole('table');
    const [, first, second, ...rest] = within(table).getAllByRole('row');
    if (!first || !second) throw new Error('expected two key rows');
    expect(rest).toHaveLength(0);
    expect(within(first).getByText('Zapier')).toBeInTheDocument();
    expect(within(first).getByText('alva_a1b2c3d4e5f6_…')).toBeInTheDocument();
    expect(within(first).getByText('Never')).toBeInTheDocument();
    expect(within(second).getByText('just now')).toBeInTheDocument();
  });

  it('shows an empty state that offers to create the first key', async () => {
    server.use(http.get('*/api/v1/api-keys', () => HttpResponse.json([])));
    renderScreen(<ApiKeysPage />, { session: makeMe('owner') });

    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create API key' })).toBeInTheDocument();
  });

  it('creates a key and shows its secret once, with a warning', async () => {
    const user = setupUser();
    let keys = [makeApiKey()];
    let sentName = '';
    server.use(
      http.get('*/api/v1/api-keys', () => HttpResponse.json(keys)),
      http.post('*/api/v1/api-keys', async ({ request }) => {
        sentName = ((await request.json()) as { name: string }).name;
        keys = [makeApiKey({ id: 9, name: sentName, prefix: '0123456789ab' }), ...keys];
        return HttpResponse.json(
          { id: 9, name: sentName, prefix: '0123456789ab', key: 'alva_0123456789ab_s3cret' },
          { status: 201 },
        );
      }),
    );
    renderScreen(<ApiKeysPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog', { name: 'Create an API key' });
    await fill(user, within(dialog).getByRole('textbox', { name: /name/i }), '  Shopify sync ');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    const shown = await screen.findByRole('dialog', { name: 'Your new API key' });
    expect(sentName).toBe('Shopify sync');
    expect(within(shown).getByDisplayValue('alva_0123456789ab_s3cret')).toBeInTheDocument();
    expect(within(shown).getByText(/only time Alva shows it/)).toBeInTheDocument();
    expect(within(shown).getByRole('button', { name: /copy api key/i })).toBeInTheDocument();

    await user.click(within(shown).getByRole('button', { name: 'I have copied it' }));
    await waitFor(() => {
      expect(screen.queryByDisplayValue('alva_0123456789ab_s3cret')).not.toBeInTheDocument();
    });
    expect(await screen.findByText('Shopify sync')).toBeInTheDocument();

    // Opening the dialog again starts a new key; the old secret is gone for good.
    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    expect(await screen.findByRole('dialog', { name: 'Create an API key' })).toBeInTheDocument();
    expect(screen.queryByDisplayValue('alva_0123456789ab_s3cret')).not.toBeInTheDocument();
  });

  it('shows the 422 field error on the name field', async () => {
    const user = setupUser();
    server.use(
      http.get('*/api/v1/api-keys', () => HttpResponse.json([])),
      http.post('*/api/v1/api-keys', () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { name: ['String should have at most 100 characters'] },
        }),
      ),
    );
    renderScreen(<ApiKeysPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'Create API key' }));
    const dialog = await screen.findByRole('dialog');
    await fill(user, within(dialog).getByRole('textbox', { name: /name/i }), 'x');
    await user.click(within(dialog).getByRole('button', { name: 'Create key' }));

    expect(
      await within(dialog).findByText('String should have at most 100 characters'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /name/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('deletes a key only after confirmation', async () => {
    const user = setupUser();
    const deleted: string[] = [];
    let keys = [makeApiKey()];
    server.use(
      http.get('*/api/v1/api-keys', () => HttpResponse.json(keys)),
      http.delete('*/api/v1/api-keys/:id', ({ params }) => {
        deleted.push(String(params.id));
        keys = [];
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderScreen(<ApiKeysPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'Delete API key Zapier' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete “Zapier”?' });
    expect(deleted).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Delete key' }));

    await waitFor(() => {
      expect(deleted).toEqual(['3']);
    });
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
  });

  it('shows an error state with a retry', async () => {
    const user = setupUser();
    let fail = true;
    server.use(
      http.get('*/api/v1/api-keys', () =>
        fail ? apiError(500, 'internal_server_error', 'Server error.') : HttpResponse.json([]),
      ),
    );
    renderScreen(<ApiKeysPage />, { session: makeMe('admin') });

    expect(await screen.findByText('Could not load API keys')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No API keys yet')).toBeInTheDocument();
  });

  it('tells members the page is for admins and asks the API nothing', async () => {
    let asked = false;
    server.use(
      http.get('*/api/v1/api-keys', () => {
        asked = true;
        return HttpResponse.json([]);
      }),
    );
    renderScreen(<ApiKeysPage />, { session: makeMe('member') });

    expect(await screen.findByText('Admins only')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create API key' })).not.toBeInTheDocument();
    expect(asked).toBe(false);
  });
});
