import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import * as browser from '@/lib/browser';
import { makeKlaviyo, makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { KlaviyoSettingsPage } from './klaviyo-settings-page';

const CONNECTED = makeKlaviyo({
  mode: 'api_key',
  health: 'connected',
  account: { id: 'EmuDev', name: 'Alva Emulator Store' },
  scopes: ['events:write', 'accounts:read'],
  connected_at: '2025-01-12T10:00:00Z',
});

describe('Klaviyo settings', () => {
  it('connects with a private API key, showing 422 field errors first', async () => {
    const user = setupUser();
    let connection = makeKlaviyo({ waiting_events: 3 });
    server.use(
      http.get('*/api/v1/settings/klaviyo', () => HttpResponse.json(connection)),
      http.put('*/api/v1/settings/klaviyo', async ({ request }) => {
        const { api_key } = (await request.json()) as { api_key: string };
        if (api_key !== 'pk_good') {
          return apiError(422, 'validation_error', 'Some fields are invalid.', {
            fields: { api_key: ['Klaviyo refused this key.'] },
          });
        }
        connection = CONNECTED;
        return HttpResponse.json(connection);
      }),
    );
    renderScreen(<KlaviyoSettingsPage />, { session: makeMe('admin') });

    expect(await screen.findByText('Not connected')).toBeInTheDocument();
    expect(screen.getByText(/3 events are waiting to be sent/)).toBeInTheDocument();
    const key = screen.getByLabelText('Private API key');
    await fill(user, key, 'pk_bad');
    await user.click(screen.getByRole('button', { name: 'Connect with API key' }));
    expect(await screen.findByText('Klaviyo refused this key.')).toBeInTheDocument();

    await fill(user, key, 'pk_good');
    await user.click(screen.getByRole('button', { name: 'Connect with API key' }));
    expect(await screen.findByRole('heading', { name: 'Alva Emulator Store' })).toBeInTheDocument();
    expect(screen.getByTestId('klaviyo-health')).toHaveTextContent('Connected');
    expect(screen.getByText('Connected with').nextElementSibling).toHaveTextContent(
      'Private API key',
    );
    expect(screen.getByText('events:write')).toBeInTheDocument();
  });

  it('starts OAuth by going to Klaviyo’s authorize URL', async () => {
    const user = setupUser();
    const redirect = vi.spyOn(browser, 'redirectTo').mockImplementation(() => undefined);
    server.use(
      http.get('*/api/v1/settings/klaviyo', () => HttpResponse.json(makeKlaviyo())),
      http.get('*/api/v1/settings/klaviyo/oauth/start', () =>
        HttpResponse.json({ authorize_url: 'https://klaviyo.test/oauth/authorize?state=s' }),
      ),
    );
    renderScreen(<KlaviyoSettingsPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'Connect with Klaviyo' }));
    await waitFor(() => {
      expect(redirect).toHaveBeenCalledWith('https://klaviyo.test/oauth/authorize?state=s');
    });
  });

  it('says how the OAuth round trip ended and cleans the address', async () => {
    server.use(http.get('*/api/v1/settings/klaviyo', () => HttpResponse.json(CONNECTED)));
    const { router } = renderScreen(<KlaviyoSettingsPage />, {
      session: makeMe('admin'),
      path: '/settings/klaviyo',
      route: '/settings/klaviyo?connected=1',
    });
    expect(await screen.findByText('Klaviyo connected')).toBeInTheDocument();
    await waitFor(() => {
      expect(router.state.location.search).toBe('');
    });
  });

  it('explains an OAuth error code', async () => {
    server.use(http.get('*/api/v1/settings/klaviyo', () => HttpResponse.json(makeKlaviyo())));
    renderScreen(<KlaviyoSettingsPage />, {
      session: makeMe('admin'),
      path: '/settings/klaviyo',
      route: '/settings/klaviyo?error=access_denied',
    });
    expect(await screen.findByText('Klaviyo was not connected')).toBeInTheDocument();
    expect(screen.getByText('Access was declined in Klaviyo.')).toBeInTheDocument();
  });

  it('shows a failing connection’s last error, and disconnects after a confirmation', async () => {
    const user = setupUser();
    let connection = makeKlaviyo({
      ...CONNECTED,
      health: 'failing',
      last_error: 'Klaviyo answered 500.',
      last_error_at: '2025-01-12T11:00:00Z',
    });
    let deleted = false;
    server.use(
      http.get('*/api/v1/settings/klaviyo', () => HttpResponse.json(connection)),
      http.delete('*/api/v1/settings/klaviyo', () => {
        deleted = true;
        connection = makeKlaviyo();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderScreen(<KlaviyoSettingsPage />, { session: makeMe('owner') });

    expect(await screen.findByText('Failing')).toBeInTheDocument();
    expect(screen.getByText('Klaviyo answered 500.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Disconnect' }));
    const confirm = await screen.findByRole('dialog', { name: 'Disconnect Klaviyo?' });
    expect(deleted).toBe(false);
    await user.click(within(confirm).getByRole('button', { name: 'Disconnect' }));
    expect(await screen.findByText('Not connected')).toBeInTheDocument();
    expect(deleted).toBe(true);
  });

  it('shows members the connection without connect or disconnect controls', async () => {
    server.use(http.get('*/api/v1/settings/klaviyo', () => HttpResponse.json(CONNECTED)));
    renderScreen(<KlaviyoSettingsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('heading', { name: 'Alva Emulator Store' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Disconnect' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Connect with Klaviyo' })).not.toBeInTheDocument();
    expect(screen.getByText('Admins connect and disconnect Klaviyo.')).toBeInTheDocument();
  });
});
