import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { StoreSettingsPage } from './store-settings-page';

const SETTINGS = {
  brand_color: '#4f46e5',
  support_email: '',
  retention_days: 90,
  updated_at: null,
};

describe('Store settings', () => {
  it('saves branding and retention, with the API’s 422 field errors on their fields', async () => {
    const user = setupUser();
    const sent: unknown[] = [];
    server.use(
      http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/store', async ({ request }) => {
        const body = (await request.json()) as typeof SETTINGS;
        sent.push(body);
        if (body.support_email === 'help@bad.example') {
          return apiError(422, 'validation_error', 'Some fields are invalid.', {
            fields: { support_email: ['This domain cannot receive email.'] },
          });
        }
        return HttpResponse.json({ ...body, updated_at: '2025-01-12T10:00:00Z' });
      }),
    );
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });

    const email = await screen.findByRole('textbox', { name: 'Support email' });
    expect(screen.getByText('No support email shown.')).toBeInTheDocument();
    await fill(user, email, 'help@bad.example');
    await user.click(screen.getByRole('button', { name: 'Save store settings' }));
    expect(await screen.findByText('This domain cannot receive email.')).toBeInTheDocument();

    await fill(user, email, 'help@northern.example');
    await fill(user, screen.getByRole('textbox', { name: /keep personal data/i }), '30');
    await fill(user, screen.getByRole('textbox', { name: 'Brand colour' }), '#0f766e');
    expect(screen.getByText('Questions? Contact help@northern.example.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save store settings' }));
    expect(await screen.findByText('Store settings saved.')).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({
      brand_color: '#0f766e',
      support_email: 'help@northern.example',
      retention_days: 30,
    });
  });

  it('checks the retention range before sending', async () => {
    const user = setupUser();
    let puts = 0;
    server.use(
      http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/store', () => {
        puts += 1;
        return HttpResponse.json(SETTINGS);
      }),
    );
    renderScreen(<StoreSettingsPage />, { session: makeMe('owner') });

    await fill(user, await screen.findByRole('textbox', { name: /keep personal data/i }), '3');
    await user.click(screen.getByRole('button', { name: 'Save store settings' }));
    expect(
      await screen.findByText('Enter a whole number of days from 7 to 730.'),
    ).toBeInTheDocument();
    expect(puts).toBe(0);
  });

  it('shows members the settings read-only', async () => {
    server.use(http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)));
    renderScreen(<StoreSettingsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('textbox', { name: 'Support email' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save store settings' })).not.toBeInTheDocument();
  });
});
