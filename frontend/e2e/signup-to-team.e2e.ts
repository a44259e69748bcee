// The first-day journey in headless Chromium against the real backend: sign up on app., land
// logged in on the new store, create an API key, invite a teammate, log out, accept the
// invitation as that person and see both people on the team page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOMAIN,
  PORT,
  launchChromium,
  saveScreenshot,
  skipStepsAfterFailure,
} from './journey-helpers';

const run = Date.now().toString(36);
const subdomain = `e2e-${run}`;
const storeUrl = `http://${subdomain}.${DOMAIN}:${PORT}/`;
const owner = { email: `owner-${run}@example.com`, password: 'plum-harbour-lantern-42' };
const teammate = {
  email: `tara-${run}@example.com`,
  name: 'Tara Teammate',
  password: 'quiet-meadow-copper-77',
};

let inviteUrl = '';
let page: Page;
let closeBrowser: () => Promise<void>;

function screenshot(name: string) {
  return saveScreenshot(page, name);
}

beforeAll(async () => {
  const browser = await launchChromium({ viewport: { width: 1360, height: 860 }, clipboard: true });
  page = browser.page;
  closeBrowser = browser.close;
});

afterAll(async () => {
  await closeBrowser();
});

skipStepsAfterFailure();

describe('first day on Alva', () => {
  it('signs up and lands logged in on the new store', async () => {
    await page.goto(`http://app.${DOMAIN}:${PORT}/`);
    await page.getByRole('heading', { name: 'Create your store' }).waitFor();

    await page.getByRole('textbox', { name: 'Store name' }).fill(`Northern Light ${run}`);
    const address = page.getByRole('textbox', { name: 'Dashboard address' });
    await address.fill(subdomain);
    await page.getByText(`${subdomain}.${DOMAIN} is available`).waitFor();
    await page.getByRole('textbox', { name: 'Work email' }).fill(owner.email);
    await page.getByLabel('Password', { exact: false }).first().fill(owner.password);
    await screenshot('signup');

    await page.getByRole('button', { name: 'Create my store' }).click();
    await page.waitForURL(storeUrl);
    await page.getByRole('heading', { name: `Welcome to Northern Light ${run}` }).waitFor();
    expect(page.url()).toBe(storeUrl);
    await expect(page.getByTestId('store-name').textContent()).resolves.toBe(
      `Northern Light ${run}`,
    );
    await screenshot('dashboard');
  });

  it('creates an API key that is shown once', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Settings' }).click();
    await nav.getByRole('link', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys' }).waitFor();

    await page.getByRole('button', { name: 'Create API key' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Create an API key' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('E2E integration');
    await dialog.getByRole('button', { name: 'Create key' }).click();

    const shown = page.getByRole('dialog', { name: 'Your new API key' });
    const key = await shown.getByRole('textbox').inputValue();
    expect(key).toMatch(/^alva_[0-9a-f]{12}_\S{20,}$/);
    await shown.getByText('This is the only time Alva shows it').waitFor();
    await screenshot('api-key-created');
    await shown.getByRole('button', { name: 'I have copied it' }).click();
    await shown.waitFor({ state: 'detached' });

    await page.getByRole('cell', { name: 'E2E integration', exact: true }).waitFor();
    const prefix = key.split('_')[1] ?? '';
    await page.getByText(`alva_${prefix}_…`).waitFor();
    await expect(page.locator(`input[value="${key}"]`).count()).resolves.toBe(0);
  });

  it('invites a teammate and copies the link', async () => {
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Team' })
      .click();
    await page.getByRole('heading', { name: 'Team' }).waitFor();
    await page.getByRole('button', { name: 'Invite teammate' }).first().click();

    const dialog = page.getByRole('dialog', { name: 'Invite a teammate' });
    await dialog.getByRole('textbox', { name: 'Email' }).fill(teammate.email);
    await dialog.getByText('Admin', { exact: true }).click();
    await dialog.getByRole('button', { name: 'Create invitation' }).click();

    const created = page.getByRole('dialog', { name: 'Invitation created' });
    const link = created.getByRole('textbox', { name: 'Invitation link' });
    inviteUrl = await link.inputValue();
    expect(inviteUrl).toMatch(new RegExp(`^${storeUrl.replaceAll('.', '\\.')}invite/\\S+$`));

    await created.getByRole('button', { name: 'Copy invitation link' }).click();
    await created.getByRole('button', { name: 'Invitation link copied' }).waitFor();
    const copied = await page.evaluate(async () =>
      window.isSecureContext ? navigator.clipboard.readText().catch(() => null) : null,
    );
    if (copied !== null) expect(copied).toBe(inviteUrl);

    await created.getByRole('button', { name: 'Done' }).click();
    await created.waitFor({ state: 'detached' });
    await page.getByRole('cell', { name: teammate.email, exact: true }).waitFor();
    await screenshot('team-invited');
  });

  it('logs out', async () => {
    await page.getByRole('button', { name: /^Account menu/ }).click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.getByText('You are logged out.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot('login');
  });

  it('accepts the invitation as the teammate and sees two members', async () => {
    await page.goto(inviteUrl);
    await page.getByRole('heading', { name: 'Join your team on Alva' }).waitFor();
    await page.getByRole('textbox', { name: 'Your name' }).fill(teammate.name);
    await page.getByLabel('Password', { exact: false }).first().fill(teammate.password);
    await screenshot('accept-invitation');
    await page.getByRole('button', { name: 'Accept invitation' }).click();

    await page.waitForURL(storeUrl);
    await page.getByRole('heading', { name: 'Welcome, Tara' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await screenshot('deliveries-as-admin');
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await screenshot('settings');
    await nav.getByRole('link', { name: 'Team' }).click();
    const members = page.getByRole('table').first();
    await members.getByText(teammate.name).waitFor();
    await expect(members.getByRole('row').count()).resolves.toBe(3); // header + 2 members
    await members.getByText(owner.email).waitFor();
    await page.getByText('No pending invitations').waitFor();
    // An admin sees the team but cannot manage it.
    await expect(page.getByRole('button', { name: 'Invite teammate' }).count()).resolves.toBe(0);
    await screenshot('team-two-members');
  });

  it('serves the support console sign-in on support.', async () => {
    await page.goto(`http://support.${DOMAIN}:${PORT}/`);
    await page.getByRole('heading', { name: 'Support console' }).waitFor();
  });
});
