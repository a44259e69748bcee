// The support console in headless Chromium against the real backend and workers: a store is set up
// through the public and merchant APIs and receives one real webhook call; then a staff member
// (seeded by devtools.stack --staff-state) signs in with password and a TOTP code computed here
// (RFC 6238), finds the store, reads its health, suspends and unsuspends it with reasons (the
// store's own host refuses and then serves again), finds the delivery by the customer's email,
// resends its Download Ready event and extends its link (both carried out by the store's worker),
// and reads all four actions in the audit log.
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DOMAIN,
  PORT,
  eventually,
  launchChromium,
  logPageErrors,
  saveScreenshot,
  skipStepsAfterFailure,
} from './journey-helpers';

const STAFF_STATE = process.env.SUPPORT_STAFF_STATE ?? '';

// seed_staff's fixed address; its password and TOTP secret are in the state folder.
const STAFF_EMAIL = 'staff@alva-support.example.com';
const run = Date.now().toString(36);
const subdomain = `help-${run}`;
const storeName = `Quiet Harbour ${run}`;
const storeUrl = `http://${subdomain}.${DOMAIN}:${PORT}/`;
const supportUrl = `http://support.${DOMAIN}:${PORT}/`;
const owner = { email: `owner-${run}@quietharbour.co`, password: 'tidal-lantern-orchid-73' };
const customer = `casey.morgan.${run}@quietharbour.co`;
const REASONS = {
  suspend: `Chargeback wave, ticket SUP-${run}`,
  unsuspend: `Cleared by the risk team, ticket SUP-${run}`,
  resend: `Customer lost the email, ticket SUP-${run}`,
  extend: `Customer travelling, ticket SUP-${run}`,
};

let page: Page;
let closeBrowser: () => Promise<void>;
let merchant: Page;
let staffPassword = '';
let totpSecret = '';
let deliveryId = '';

/** RFC 4648 base32, as authenticator apps read TOTP secrets. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const index = alphabet.indexOf(char);
    if (index < 0) throw new Error(`not base32: ${char}`);
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP: HMAC-SHA1, 30-second steps, 6 digits (what pyotp and authenticator apps use). */
function totp(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = (hmac[hmac.length - 1] ?? 0) & 0x0f;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

function screenshot(name: string, target: Page = page) {
  return saveScreenshot(target, name);
}

/** Poll until the workers and the store's host have caught up (slower than one request). */
function eventuallySlow<T>(what: string, check: () => Promise<T | null>): Promise<T> {
  return eventually(what, check, 45_000);
}

interface Answer {
  status: number;
  body: unknown;
}

/** A same-origin call from the merchant's tab (its session cookie; CSRF token on writes). */
function merchantCall(method: string, path: string, body?: unknown): Promise<Answer> {
  return merchant.evaluate(
    async ({ method, path, body }) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (method !== 'GET') {
        const csrf = (await fetch('/api/v1/auth/csrf').then((r) => r.json())) as unknown;
        headers['X-CSRFToken'] = (csrf as { csrf_token: string }).csrf_token;
      }
      const response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json().catch(() => null)) as unknown;
      return { status: response.status, body: json };
    },
    { method, path, body },
  );
}

beforeAll(async () => {
  if (!STAFF_STATE) throw new Error('SUPPORT_STAFF_STATE is not set: run this with `npm run e2e`');
  staffPassword = readFileSync(join(STAFF_STATE, 'staff-password'), 'utf8').trim();
  totpSecret = readFileSync(join(STAFF_STATE, 'staff-totp-secret'), 'utf8').trim();
  const browser = await launchChromium({ viewport: { width: 1360, height: 900 } });
  page = browser.page;
  closeBrowser = browser.close;
  merchant = await browser.context.newPage();
  logPageErrors(merchant);
});

afterAll(async () => {
  await closeBrowser();
});

skipStepsAfterFailure(() => screenshot('failure-support'));

describe('support console', () => {
  it('has a store that received a real webhook call', async () => {
    await merchant.goto(`http://app.${DOMAIN}:${PORT}/`);
    const signup = await merchant.evaluate(
      async (body) => {
        const response = await fetch('/api/v1/signup', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as { login_url: string } };
      },
      { ...owner, store_name: storeName, subdomain },
    );
    expect(signup.status).toBe(201);
    await merchant.goto(signup.body.login_url);
    await merchant.waitForURL(storeUrl);

    const bundle = await merchantCall('POST', '/api/v1/bundles', { name: 'Harbour Presets' });
    expect(bundle.status).toBe(201);
    const webhookUrl = (bundle.body as { webhook_url: string }).webhook_url;
    const revealed = await merchantCall('POST', '/api/v1/settings/webhook/reveal');
    expect(revealed.status).toBe(200);
    const secret = (revealed.body as { secret: string }).secret;

    const call = await merchant.evaluate(
      async ({ url, key, email }) => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-alva-webhook-secret': key },
          body: JSON.stringify({
            email,
            first_name: 'Casey',
            last_name: 'Morgan',
            order_id: 'hb-1',
          }),
        });
        return {
          status: response.status,
          body: (await response.json()) as { delivery_id: string },
        };
      },
      { url: webhookUrl, key: secret, email: customer },
    );
    expect(call.status).toBe(202);
    deliveryId = call.body.delivery_id;
    // The ingest and fraud workers create and approve it (and index it for support).
    await eventuallySlow('the delivery approved', async () => {
      const answer = await merchantCall('GET', `/api/v1/deliveries/${deliveryId}`);
      return (answer.body as { status?: string } | null)?.status === 'Approved' ? true : null;
    });
  });

  it('signs in as staff with password and a TOTP code', async () => {
    await page.goto(`${supportUrl}tenants`);
    await page.waitForURL(`${supportUrl}sign-in?next=%2Ftenants`);
    await page.getByRole('textbox', { name: 'Email' }).fill(STAFF_EMAIL);
    await page.getByLabel('Password', { exact: false }).first().fill(staffPassword);
    await page.getByRole('button', { name: 'Continue' }).click();
    const code = page.getByRole('textbox', { name: /Authentication code/ });
    await code.fill('000000' === totp(totpSecret) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Email, password or two-factor code is incorrect.').waitFor();
    await screenshot('support-sign-in-wrong-code');

    await code.fill(totp(totpSecret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
    expect(page.url()).toBe(`${supportUrl}tenants`);
    await page.getByRole('button', { name: `Account menu for ${STAFF_EMAIL}` }).waitFor();
  });

  it('finds the store by its subdomain and reads its health', async () => {
    await page.getByRole('textbox', { name: 'Search stores' }).fill(subdomain);
    const row = page.getByTestId('tenant-row').filter({ hasText: storeName });
    await row.waitFor();
    await expect.poll(() => page.getByTestId('tenant-row').count()).toBe(1);
    await row.getByText(owner.email).waitFor();
    await row.getByText('Active').waitFor();
    await screenshot('support-stores');

    await row.getByRole('link', { name: storeName }).click();
    await page.getByRole('heading', { name: storeName, level: 1 }).waitFor();
    const webhooks = page.getByRole('region', { name: 'Webhooks, last 24 hours' });
    await webhooks.getByText('No rejected calls in the last 24 hours.').waitFor();
    expect(await webhooks.innerText()).toMatch(/1\s*Accepted/);
    const usage = page.getByRole('region', { name: 'Plan and usage' });
    await usage.getByText('Deliveries this period').waitFor();
    await page
      .getByRole('region', { name: 'Klaviyo connection' })
      .getByText('Not connected')
      .waitFor();
    await screenshot('support-store-detail');
  });

  it('suspends the store with a reason: its own host refuses at once', async () => {
    await page.getByRole('button', { name: 'Suspend', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Suspend ${storeName}?` });
    await dialog.getByRole('button', { name: 'Suspend store' }).click();
    await dialog.getByText('Give a reason: it is recorded in the audit log.').waitFor();
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(REASONS.suspend);
    await screenshot('support-suspend-dialog');
    await dialog.getByRole('button', { name: 'Suspend store' }).click();
    await page.getByText(`${storeName} is suspended.`).waitFor();
    await page.getByRole('button', { name: 'Unsuspend', exact: true }).waitFor();
    await screenshot('support-store-suspended');

    await eventuallySlow('the store host refusing', async () => {
      const answer = await merchantCall('GET', '/api/v1/auth/me');
      const code = (answer.body as { error?: { code?: string } } | null)?.error?.code;
      return answer.status === 403 && code === 'store_suspended' ? true : null;
    });
  });

  it('unsuspends it with a reason: the store serves again', async () => {
    await page.getByRole('button', { name: 'Unsuspend', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Unsuspend ${storeName}?` });
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(REASONS.unsuspend);
    await dialog.getByRole('button', { name: 'Unsuspend store' }).click();
    await page.getByText(`${storeName} is active again.`).waitFor();
    await page.getByRole('button', { name: 'Suspend', exact: true }).waitFor();

    await eventuallySlow('the store host serving again', async () => {
      const answer = await merchantCall('GET', '/api/v1/auth/me');
      return answer.status === 200 ? true : null;
    });
  });

  it('finds the delivery by the customer’s email across stores', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Deliveries' }).click();
    await page.getByRole('heading', { name: 'Deliveries', level: 1 }).waitFor();
    await page
      .getByRole('textbox', { name: 'Customer email or delivery id' })
      .fill(customer.toUpperCase());
    await page.getByRole('button', { name: 'Search' }).click();
    const result = page.getByTestId('delivery-result');
    await result.filter({ hasText: storeName }).waitFor();
    expect(await result.count()).toBe(1);
    await result.getByText('Approved').waitFor();
    await screenshot('support-delivery-search');

    await page.getByRole('link', { name: `Open delivery ${deliveryId}` }).click();
    await page.getByRole('heading', { name: `Delivery to ${customer}` }).waitFor();
    await page.getByRole('region', { name: 'Download links' }).getByText('Live').waitFor();
  });

  it('resends the Download Ready event; the store’s worker carries it out', async () => {
    await page.getByRole('button', { name: 'Resend Download Ready' }).click();
    const dialog = page.getByRole('dialog', { name: 'Resend the Download Ready event?' });
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(REASONS.resend);
    await dialog.getByRole('button', { name: 'Resend' }).click();
    await page.getByText('Resend queued').waitFor();

    const entry = page.getByTestId('support-action').filter({ hasText: REASONS.resend });
    await entry.getByText('Done').waitFor({ timeout: 45_000 });
    // The delivery is read again: a second link, and the store's log names the support action.
    const links = page.getByRole('table', { name: 'Download links' });
    await expect.poll(() => links.getByRole('row').count(), { timeout: 20_000 }).toBe(3);
    await page
      .getByRole('region', { name: 'Event log' })
      .getByText(/Alva support \(audit #\d+\)/)
      .first()
      .waitFor();
  });

  it('extends the link by five days', async () => {
    await page.getByRole('button', { name: 'Extend link' }).click();
    const dialog = page.getByRole('dialog', { name: 'Extend the download link?' });
    await dialog.getByRole('textbox', { name: /Days to add/ }).fill('5');
    await dialog.getByRole('textbox', { name: /Reason/ }).fill(REASONS.extend);
    await dialog.getByRole('button', { name: 'Extend link' }).click();
    await page.getByText('Extension by 5 days queued').waitFor();

    const entry = page.getByTestId('support-action').filter({ hasText: REASONS.extend });
    await entry.getByText('Extended link by 5 days').waitFor();
    await entry.getByText('Done').waitFor({ timeout: 45_000 });
    await page
      .getByRole('region', { name: 'Event log' })
      .getByText(/Link extended by 5 day\(s\)/)
      .waitFor();
    await screenshot('support-delivery-detail');
  });

  it('shows every action in the audit log: who, what, which store, when, why', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    const rows = page.getByTestId('audit-row');
    const expected: [string, string][] = [
      [REASONS.extend, 'Extended link by 5 days'],
      [REASONS.resend, 'Resent Download Ready'],
      [REASONS.unsuspend, 'Unsuspended store'],
      [REASONS.suspend, 'Suspended store'],
    ];
    for (const [reason, action] of expected) {
      const row = rows.filter({ hasText: reason });
      await row.waitFor();
      await row.getByText(action).waitFor();
      await row.getByText(STAFF_EMAIL).waitFor();
      await row.getByRole('link', { name: storeName }).waitFor();
    }
    // Newest first.
    const texts = await rows.allInnerTexts();
    const order = expected.map(([reason]) => texts.findIndex((text) => text.includes(reason)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    await screenshot('support-audit-log');
  });

  it('signs out', async () => {
    await page.getByRole('button', { name: `Account menu for ${STAFF_EMAIL}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByText('You are signed out.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    const me = await page.evaluate(async () => (await fetch('/api/support/v1/auth/me')).status);
    expect(me).toBe(403);
  });
});
