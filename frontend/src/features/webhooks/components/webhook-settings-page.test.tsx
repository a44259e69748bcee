import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeMe, makeWebhookCall, page } from '@/test/fixtures';
import { fill, renderScreen, setupUser, must } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { WebhookLogPage } from './webhook-log-page';
import { WebhookSettingsPage } from './webhook-settings-page';

const SETTINGS = {
  header: 'x-alva-webhook-secret',
  secret_hint: '…a1b2',
  previous_secret_valid_until: null,
  rate_limit_per_second: 100,
  body_template: '{\n  "email": "{{ person.email }}"\n}',
  endpoints: [
    {
      bundle_id: 'b1',
      bundle_name: 'Autumn Presets',
      active: true,
      url: 'http://acme.alva.localhost:8000/webhook/wh_autumn',
    },
    {
      bundle_id: 'b2',
      bundle_name: 'Winter Pack',
      active: false,
      url: 'http://acme.alva.localhost:8000/webhook/wh_winter',
    },
  ],
};

function serveSettings() {
  server.use(
    http.get('*/api/v1/settings/webhook', () => HttpResponse.json(SETTINGS)),
    http.get('*/api/v1/bundles', () =>
      HttpResponse.json(page([{ id: 'b1', name: 'Autumn Presets', active: true, files: [] }])),
    ),
  );
}

describe('Webhook configuration', () => {
  it('lists every endpoint with a copy button, the header and the body template', async () => {
    serveSettings();
    renderScreen(<WebhookSettingsPage />, { session: makeMe('admin') });

    const endpoints = await screen.findByRole('table', { name: 'Webhook endpoints' });
    expect(
      within(endpoints).getByText('http://acme.alva.localhost:8000/webhook/wh_autumn'),
    ).toBeInTheDocument();
    expect(
      within(endpoints).getByRole('button', { name: 'Copy webhook URL of Autumn Presets' }),
    ).toBeInTheDocument();
    expect(within(endpoints).getByText('Inactive')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Header name' })).toHaveValue(
      'x-alva-webhook-secret',
    );
    expect(screen.getByLabelText('Body template')).toHaveTextContent(
      '"email": "{{ person.email }}"',
    );
    expect(screen.getByRole('button', { name: 'Copy body template' })).toBeInTheDocument();
  });

  it('reveals the secret for admins only when asked', async () => {
    const user = setupUser();
    let reveals = 0;
    serveSettings();
    server.use(
      http.post('*/api/v1/settings/webhook/reveal', () => {
        reveals += 1;
        return HttpResponse.json({ secret: 'whsec_the_real_secret_value' });
      }),
    );
    renderScreen(<WebhookSettingsPage />, { session: makeMe('admin') });

    const field = await screen.findByRole('textbox', { name: 'Webhook secret' });
    expect(field).toHaveValue('••••••••••••••••…a1b2');
    expect(reveals).toBe(0);
    await user.click(screen.getByRole('button', { name: 'Reveal' }));
    await waitFor(() => {
      expect(screen.getByRole('textbox', { name: 'Webhook secret' })).toHaveValue(
        'whsec_the_real_secret_value',
      );
    });
    expect(screen.getByRole('button', { name: 'Copy webhook secret' })).toBeInTheDocument();
    expect(reveals).toBe(1);
  });

  it('rotates after a confirmation that explains the 24-hour overlap', async () => {
    const user = setupUser();
    serveSettings();
    server.use(
      http.post('*/api/v1/settings/webhook/rotate', () =>
        HttpResponse.json({
          secret: 'whsec_new',
          previous_secret_valid_until: '2099-01-02T10:00:00Z',
        }),
      ),
    );
    renderScreen(<WebhookSettingsPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'Rotate secret' }));
    const confirm = await screen.findByRole('dialog', { name: 'Rotate the webhook secret?' });
    expect(within(confirm).getByText('24 hours')).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: 'Rotate secret' }));
    expect(await screen.findByText('New secret created')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Webhook secret' })).toHaveValue('whsec_new');
  });

  it('sends a test and links to its delivery; 422 lands on the email field', async () => {
    const user = setupUser();
    serveSettings();
    const sent: unknown[] = [];
    server.use(
      http.post('*/api/v1/settings/webhook/test', async ({ request }) => {
        const body = (await request.json()) as { email: string };
        sent.push(body);
        if (body.email === 'noreply@store.example') {
          return apiError(422, 'invalid_email', 'This address cannot receive email.', {
            fields: { email: ['This address cannot receive email.'] },
          });
        }
        return HttpResponse.json({ delivery_id: 'de11-test' }, { status: 202 });
      }),
    );
    renderScreen(<WebhookSettingsPage />, { session: makeMe('admin') });

    const email = await screen.findByRole('textbox', { name: 'Send to' });
    expect(email).toHaveValue('olivia@northern.example');
    await fill(user, email, 'noreply@store.example');
    await user.click(screen.getByRole('button', { name: 'Send test' }));
    expect(await screen.findByText('This address cannot receive email.')).toBeInTheDocument();

    await fill(user, email, 'me@store.example');
    await user.click(screen.getByRole('button', { name: 'Send test' }));
    const link = await screen.findByRole('link', { name: 'Open the delivery' });
    expect(link).toHaveAttribute('href', '/deliveries?delivery=de11-test');
    expect(sent.at(-1)).toEqual({ email: 'me@store.example', bundle_id: null });
  });

  it('hides Reveal, Rotate and Send Test from members', async () => {
    serveSettings();
    renderScreen(<WebhookSettingsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('textbox', { name: 'Webhook secret' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reveal' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Rotate secret' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send test' })).not.toBeInTheDocument();
    expect(
      screen.getByText('Admins can reveal and rotate the secret and send tests.'),
    ).toBeInTheDocument();
  });
});

describe('Webhook log', () => {
  it('shows outcomes, status codes, errors and duplicate-of links, and filters by outcome', async () => {
    const user = setupUser();
    const queries: URLSearchParams[] = [];
    server.use(
      http.get('*/api/v1/bundles', () =>
        HttpResponse.json(page([{ id: 'b1', name: 'Autumn Presets', active: true, files: [] }])),
      ),
      http.get('*/api/v1/webhook-log', ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        return HttpResponse.json(
          page(
            [
              makeWebhookCall({ id: 'call-1', delivery_id: 'call-1', bundle_id: 'b1' }),
              makeWebhookCall({
                outcome: 'duplicate',
                status_code: 200,
                duplicate_of: 'call-1aaa-bbbb',
                delivery_id: 'call-1aaa-bbbb',
              }),
              makeWebhookCall({
                outcome: 'rejected',
                status_code: 401,
                error_code: 'bad_secret',
                error_message: 'Missing or wrong x-alva-webhook-secret.',
                delivery_id: null,
                bundle_id: null,
              }),
            ],
            120,
          ),
        );
      }),
    );
    renderScreen(<WebhookLogPage />, { session: makeMe('member'), path: '/log', route: '/log' });

    const table = await screen.findByRole('table', { name: 'Webhook calls' });
    const [, accepted, duplicate, rejected] = within(table).getAllByRole('row');
    expect(within(must(accepted)).getByText('202')).toBeInTheDocument();
    expect(await within(must(accepted)).findByText('Autumn Presets')).toBeInTheDocument();
    expect(within(must(accepted)).getByRole('link', { name: 'Open delivery' })).toHaveAttribute(
      'href',
      '/deliveries?delivery=call-1',
    );
    expect(
      within(must(duplicate)).getByRole('link', { name: 'delivery call-1aa' }),
    ).toHaveAttribute('href', '/deliveries?delivery=call-1aaa-bbbb');
    expect(within(must(rejected)).getByText('401')).toBeInTheDocument();
    expect(within(must(rejected)).getByText('bad_secret')).toBeInTheDocument();
    expect(
      within(must(rejected)).getByText('Missing or wrong x-alva-webhook-secret.'),
    ).toBeInTheDocument();
    expect(screen.getByText('1–50 of 120 calls')).toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Outcome' }));
    await user.click(await screen.findByRole('option', { name: 'Rejected' }));
    await waitFor(() => {
      expect(queries.at(-1)?.get('outcome')).toBe('rejected');
    });
    await user.click(screen.getByRole('button', { name: 'Page 3' }));
    await waitFor(() => {
      expect(queries.at(-1)?.get('page')).toBe('3');
    });
  });

  it('has an empty state', async () => {
    server.use(
      http.get('*/api/v1/bundles', () => HttpResponse.json(page([]))),
      http.get('*/api/v1/webhook-log', () => HttpResponse.json(page([]))),
    );
    renderScreen(<WebhookLogPage />, { session: makeMe('member') });
    expect(await screen.findByText('No webhook calls yet')).toBeInTheDocument();
  });
});
