import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  makeBundle,
  makeDelivery,
  makeDeliveryDetail,
  makeFile,
  makeKlaviyo,
  makeMe,
  makeWebhookCall,
  page,
} from '@/test/fixtures';
import { renderScreen, setupUser } from '@/test/render';
import { serveOnboarding } from '@/test/server';
import { OnboardingChecklist } from './onboarding-checklist';

function step(name: RegExp) {
  return screen.getByRole('listitem', { name });
}

describe('Onboarding checklist', () => {
  it('starts with nothing done and offers the first step', async () => {
    serveOnboarding();
    renderScreen(<OnboardingChecklist />, { session: makeMe('owner') });

    expect(await screen.findByRole('link', { name: 'Connect Klaviyo' })).toHaveAttribute(
      'href',
      '/settings/klaviyo',
    );
    expect(screen.getByText('0 of 5 done')).toBeInTheDocument();
    expect(step(/^Connect Klaviyo: not done/)).toBeInTheDocument();
  });

  it('ticks every step from the store’s real state', async () => {
    const approved = makeDelivery({ id: 'd-real', status: 'Approved' });
    const test = makeDelivery({
      id: 'd-test',
      status: 'Downloaded',
      is_test: true,
      customer: { id: 'c2', email: 'me@store.example', first_name: 'Test', last_name: 'Customer' },
    });
    serveOnboarding({
      klaviyo: makeKlaviyo({
        mode: 'oauth',
        health: 'connected',
        account: { id: 'K1', name: 'Northern Light' },
      }),
      bundles: page([makeBundle({ files: [makeFile({ state: 'ready' })] })]),
      calls: page([makeWebhookCall({ is_test: true }), makeWebhookCall({ is_test: false })]),
      deliveries: page([test, approved]),
      detail: makeDeliveryDetail({ id: 'd-test' }),
    });
    renderScreen(<OnboardingChecklist />, { session: makeMe('member') });

    expect(await screen.findByText('5 of 5 done')).toBeInTheDocument();
    expect(screen.getByText('You are ready to deliver')).toBeInTheDocument();
    expect(
      within(step(/^Connect Klaviyo: done/)).getByText('Connected to Northern Light'),
    ).toBeInTheDocument();
    expect(
      within(step(/^Create a bundle/)).getByText('Autumn Presets has ready files'),
    ).toBeInTheDocument();
    expect(step(/^Add the webhook to a Klaviyo flow: done/)).toBeInTheDocument();
    expect(
      within(step(/Download Ready” email flow: done/)).getByText(
        'Alva Download Ready has reached Klaviyo',
      ),
    ).toBeInTheDocument();
    expect(
      within(step(/^Send a test: done/)).getByText('Test sent to me@store.example'),
    ).toBeInTheDocument();
  });

  it('does not count test calls as the Klaviyo webhook, nor a bundle whose files are not ready', async () => {
    serveOnboarding({
      klaviyo: makeKlaviyo({ mode: 'api_key', health: 'revoked', account: { id: 'K', name: 'K' } }),
      bundles: page([makeBundle({ files: [makeFile({ state: 'verifying' })] })]),
      calls: page([makeWebhookCall({ is_test: true })]),
      deliveries: page([makeDelivery({ status: 'Pending Review', is_test: true })]),
    });
    renderScreen(<OnboardingChecklist />, { session: makeMe('member') });

    expect(await screen.findByText('1 of 5 done')).toBeInTheDocument();
    expect(step(/^Connect Klaviyo: not done/)).toBeInTheDocument();
    expect(step(/^Create a bundle and upload its files: not done/)).toBeInTheDocument();
    expect(step(/^Add the webhook to a Klaviyo flow: not done/)).toBeInTheDocument();
    expect(step(/email flow: not done/)).toBeInTheDocument();
    expect(step(/^Send a test: done/)).toBeInTheDocument();
    // Members see who does the admin steps.
    expect(screen.getByText('An admin does this step.')).toBeInTheDocument();
  });

  it('explains the email flow with the variables and an example to copy', async () => {
    const user = setupUser();
    serveOnboarding();
    renderScreen(<OnboardingChecklist />, { session: makeMe('admin') });

    await user.click(
      await screen.findByRole('button', { name: /Show the email variables and an example/ }),
    );
    const variables = screen.getByRole('table', { name: 'Email variables' });
    expect(within(variables).getByText('{{ event.DownloadPageURL }}')).toBeInTheDocument();
    expect(within(variables).getByText('{{ event.Files }}')).toBeInTheDocument();
    expect(screen.getByText(/Your files are ready! Download them here/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy email example' })).toBeInTheDocument();
  });
});
