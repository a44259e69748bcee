import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { DeliveryDefaultsPage } from './delivery-defaults-page';

const DEFAULTS = { expiry_days: 3, max_downloads: 5, max_unique_ips: 3 };

function field(name: RegExp) {
  return screen.getByRole('textbox', { name });
}

describe('Delivery defaults', () => {
  it('saves new defaults, with the API’s 422 field errors on their fields', async () => {
    const user = setupUser();
    const sent: unknown[] = [];
    server.use(
      http.get('*/api/v1/settings/delivery-defaults', () => HttpResponse.json(DEFAULTS)),
      http.put('*/api/v1/settings/delivery-defaults', async ({ request }) => {
        const body = (await request.json()) as typeof DEFAULTS;
        sent.push(body);
        if (body.max_downloads === 999) {
          return apiError(422, 'validation_error', 'Some fields are invalid.', {
            fields: { max_downloads: ['Must be a whole number from 1 to 1000.'] },
          });
        }
        return HttpResponse.json(body);
      }),
    );
    renderScreen(<DeliveryDefaultsPage />, { session: makeMe('admin') });

    expect(await screen.findByRole('textbox', { name: /link lifetime/i })).toHaveValue('3');
    expect(field(/downloads per link/i)).toHaveValue('5');
    expect(field(/unique ips/i)).toHaveValue('3');
    expect(screen.getByRole('button', { name: 'Use Alva’s defaults' })).toBeDisabled();

    await fill(user, field(/downloads per link/i), '999');
    await user.click(screen.getByRole('button', { name: 'Save delivery defaults' }));
    expect(await screen.findByText('Must be a whole number from 1 to 1000.')).toBeInTheDocument();
    expect(field(/downloads per link/i)).toHaveAttribute('aria-invalid', 'true');

    await fill(user, field(/link lifetime/i), '14');
    await fill(user, field(/downloads per link/i), '10');
    await fill(user, field(/unique ips/i), '4');
    await user.click(screen.getByRole('button', { name: 'Save delivery defaults' }));

    expect(await screen.findByText('Delivery defaults saved.')).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({ expiry_days: 14, max_downloads: 10, max_unique_ips: 4 });
  });

  it('checks the ranges before sending', async () => {
    const user = setupUser();
    let puts = 0;
    server.use(
      http.get('*/api/v1/settings/delivery-defaults', () => HttpResponse.json(DEFAULTS)),
      http.put('*/api/v1/settings/delivery-defaults', () => {
        puts += 1;
        return HttpResponse.json(DEFAULTS);
      }),
    );
    renderScreen(<DeliveryDefaultsPage />, { session: makeMe('owner') });

    await fill(user, await screen.findByRole('textbox', { name: /link lifetime/i }), '366');
    await fill(user, field(/unique ips/i), '0');
    await user.click(screen.getByRole('button', { name: 'Save delivery defaults' }));

    expect(await screen.findByText('Enter a whole number from 1 to 365.')).toBeInTheDocument();
    expect(screen.getByText('Enter a whole number from 1 to 100.')).toBeInTheDocument();
    expect(puts).toBe(0);
  });

  it('puts Alva’s defaults back in one click', async () => {
    const user = setupUser();
    server.use(
      http.get('*/api/v1/settings/delivery-defaults', () =>
        HttpResponse.json({ expiry_days: 30, max_downloads: 20, max_unique_ips: 10 }),
      ),
    );
    renderScreen(<DeliveryDefaultsPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'Use Alva’s defaults' }));

    expect(field(/link lifetime/i)).toHaveValue('3');
    expect(field(/downloads per link/i)).toHaveValue('5');
    expect(field(/unique ips/i)).toHaveValue('3');
  });

  it('shows members the defaults read-only', async () => {
    server.use(http.get('*/api/v1/settings/delivery-defaults', () => HttpResponse.json(DEFAULTS)));
    renderScreen(<DeliveryDefaultsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('textbox', { name: /link lifetime/i })).toBeDisabled();
    expect(screen.getByText('You can see these defaults; admins change them.')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Save delivery defaults' }),
    ).not.toBeInTheDocument();
  });

  it('shows an error state with a retry', async () => {
    const user = setupUser();
    let fail = true;
    server.use(
      http.get('*/api/v1/settings/delivery-defaults', () =>
        fail
          ? apiError(503, 'unavailable', 'Alva is briefly unavailable.')
          : HttpResponse.json(DEFAULTS),
      ),
    );
    renderScreen(<DeliveryDefaultsPage />, { session: makeMe('admin') });

    expect(await screen.findByText('Alva is briefly unavailable.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('textbox', { name: /link lifetime/i })).toHaveValue('3');
  });
});
