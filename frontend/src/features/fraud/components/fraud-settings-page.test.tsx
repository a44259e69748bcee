import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { FraudSettings } from '@/lib/api/types';
import { makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { FraudSettingsPage } from './fraud-settings-page';

const SETTINGS: FraudSettings = {
  approve_max: 30,
  review_max: 60,
  block_list: ['bad.example'],
  allow_list: [],
  repeat_window_hours: 24,
  repeat_threshold: 3,
  velocity_window_minutes: 60,
  velocity_threshold: 5,
  updated_at: null,
  updated_by: null,
};

describe('Fraud settings', () => {
  it('saves the whole settings object with the lists one entry per line', async () => {
    const user = setupUser();
    let sent: Record<string, unknown> | null = null;
    server.use(
      http.get('*/api/v1/settings/fraud', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/fraud', async ({ request }) => {
        sent = (await request.json()) as Record<string, unknown>;
        return HttpResponse.json({
          ...SETTINGS,
          ...sent,
          block_list: ['bad.example', 'spam.example'],
          updated_at: '2025-01-12T10:00:00Z',
          updated_by: 'olivia@northern.example',
        });
      }),
    );
    renderScreen(<FraudSettingsPage />, { session: makeMe('admin') });

    const approve = await screen.findByRole('textbox', { name: 'Approve up to' });
    await fill(user, approve, '20');
    await fill(
      user,
      screen.getByRole('textbox', { name: 'Always block' }),
      'bad.example\n\n@SPAM.example',
    );
    await user.click(screen.getByRole('button', { name: 'Save fraud settings' }));

    expect(await screen.findByText('Fraud settings saved.')).toBeInTheDocument();
    expect(sent).toEqual({
      approve_max: 20,
      review_max: 60,
      repeat_window_hours: 24,
      repeat_threshold: 3,
      velocity_window_minutes: 60,
      velocity_threshold: 5,
      block_list: ['bad.example', '@SPAM.example'],
      allow_list: [],
    });
    // The API's normalised entries replace what was typed.
    await waitFor(() => {
      expect(screen.getByRole('textbox', { name: 'Always block' })).toHaveValue(
        'bad.example\nspam.example',
      );
    });
    expect(screen.getByText(/by olivia@northern.example/)).toBeInTheDocument();
  });

  it('puts list entry errors (block_list.2) on the right line, and band errors on their field', async () => {
    const user = setupUser();
    server.use(
      http.get('*/api/v1/settings/fraud', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/fraud', () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: {
            'block_list.2': ['Enter an email address (name@example.com) or a domain.'],
            'allow_list.0': ['This entry is also on the block list: keep it on one.'],
          },
        }),
      ),
    );
    renderScreen(<FraudSettingsPage />, { session: makeMe('owner') });

    const block = await screen.findByRole('textbox', { name: 'Always block' });
    await fill(user, block, 'a.example\n\nb.example\nnot an entry');
    await fill(user, screen.getByRole('textbox', { name: 'Always approve' }), 'a.example');
    await user.click(screen.getByRole('button', { name: 'Save fraud settings' }));

    expect(
      await screen.findByText(
        'Line 4 (“not an entry”): Enter an email address (name@example.com) or a domain.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Line 1 (“a.example”): This entry is also on the block list: keep it on one.',
      ),
    ).toBeInTheDocument();
    expect(block).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText('Some settings need fixing: see below.')).toBeInTheDocument();
  });

  it('checks that review starts above approve before sending', async () => {
    const user = setupUser();
    let puts = 0;
    server.use(
      http.get('*/api/v1/settings/fraud', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/fraud', () => {
        puts += 1;
        return HttpResponse.json(SETTINGS);
      }),
    );
    renderScreen(<FraudSettingsPage />, { session: makeMe('admin') });

    await fill(user, await screen.findByRole('textbox', { name: 'Hold for review up to' }), '30');
    await user.click(screen.getByRole('button', { name: 'Save fraud settings' }));
    expect(
      await screen.findByText('Must be greater than the highest approved score.'),
    ).toBeInTheDocument();
    expect(puts).toBe(0);
  });

  it('shows members the rules read-only', async () => {
    server.use(http.get('*/api/v1/settings/fraud', () => HttpResponse.json(SETTINGS)));
    renderScreen(<FraudSettingsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('textbox', { name: 'Approve up to' })).toBeDisabled();
    expect(screen.getByRole('textbox', { name: 'Always block' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save fraud settings' })).not.toBeInTheDocument();
    expect(screen.getByText('You can see these rules; admins change them.')).toBeInTheDocument();
  });
});
