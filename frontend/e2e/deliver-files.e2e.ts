// A store's first deliveries in headless Chromium against the real backend, workers, S3 (moto) and
// the Klaviyo emulator: sign up, connect Klaviyo through OAuth (the emulator's consent page), create
// a bundle, upload two files straight to S3 (one single PUT, one multipart) watching their progress
// bars reach 100 %, copy the webhook URL and reveal the secret, call the webhook like a Klaviyo
// flow, watch the delivery get approved, download both files from the customer's download page and
// compare their bytes, see the downloads counted in the drawer and the events Klaviyo received;
// then approve a delivery held for review and revoke another, whose link then refuses.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  DOMAIN,
  EMULATOR,
  PORT,
  emulatorEvents,
  emulatorEventsAtLeast,
  emulatorRequests,
  launchChromium,
  recordUploadProgress,
  saveScreenshot,
  skipStepsAfterFailure,
  uploadProgress,
} from './journey-helpers';

const run = Date.now().toString(36);
const subdomain = `ship-${run}`;
const storeUrl = `http://${subdomain}.${DOMAIN}:${PORT}/`;
const owner = { email: `owner-${run}@northernlight.co`, password: 'amber-forest-signal-58' };
const customer = 'jordan.rivera@northernlight.co';
// A throwaway-mail address: with the default fraud settings it scores 40 and waits for review.
const risky = 'mia.chen@mailinator.com';
const revoked = 'sam.okafor@northernlight.co';
const BUNDLE = 'Autumn Presets';

function bytes(size: number, seed: number): Buffer {
  const buffer = Buffer.alloc(size);
  for (let i = 0; i < size; i += 1) buffer[i] = (i * 31 + seed) % 251;
  return buffer;
}

const SMALL = { name: 'guide.pdf', mimeType: 'application/pdf', content: bytes(180_000, 7) };
// Above the 5 MiB multipart threshold the e2e backend runs with: two parts.
const LARGE = {
  name: 'presets.zip',
  mimeType: 'application/zip',
  content: bytes(6 * 1024 * 1024 + 4321, 11),
};

let page: Page;
let closeBrowser: () => Promise<void>;
let customerBrowser: Browser | undefined;
let webhookUrl = '';
let secret = '';
let deliveryId = '';
let s3Origin = '';

function screenshot(name: string, target: Page = page) {
  return saveScreenshot(target, name);
}

/** A customer: another browser without the merchant's session, its own cookies per call. */
async function customerPage(): Promise<Page> {
  customerBrowser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const customerContext = await customerBrowser.newContext({ acceptDownloads: true });
  return customerContext.newPage();
}

/** Call the bundle's webhook as a Klaviyo flow's Webhook action would. */
async function postWebhook(body: Record<string, string>) {
  const answer = await page.evaluate(
    async ({ url, key, payload }) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-alva-webhook-secret': key },
        body: JSON.stringify(payload),
      });
      return {
        status: response.status,
        body: (await response.json()) as { delivery_id: string },
      };
    },
    { url: webhookUrl, key: secret, payload: body },
  );
  expect(answer.status).toBe(202);
  return answer.body.delivery_id;
}

function deliveryRow(email: string) {
  return page.getByTestId('delivery-row').filter({ hasText: email });
}

async function openDeliveries() {
  await page.keyboard.press('Escape');
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: /^Deliveries/ })
    .click();
  await page.getByRole('heading', { name: 'Deliveries', exact: true }).waitFor();
}

/** Click an action in the open drawer and confirm it in its dialog. */
async function act(label: string, title: string) {
  await page
    .getByRole('group', { name: 'Delivery actions' })
    .getByRole('button', { name: label })
    .click();
  const confirm = page.getByRole('dialog', { name: title });
  await confirm.getByRole('button', { name: label, exact: true }).click();
  await confirm.waitFor({ state: 'detached' });
}

/** What the page copied, where the browser lets a test read the clipboard (null elsewhere). */
function readClipboard(): Promise<string | null> {
  return page.evaluate(async () =>
    window.isSecureContext ? navigator.clipboard.readText().catch(() => null) : null,
  );
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

beforeAll(async () => {
  const browser = await launchChromium({ viewport: { width: 1360, height: 900 }, clipboard: true });
  page = browser.page;
  closeBrowser = browser.close;
});

afterAll(async () => {
  await customerBrowser?.close();
  await closeBrowser();
});

skipStepsAfterFailure(() => screenshot('failure-delivery'));

describe('first delivery', () => {
  it('signs up and sees an untouched onboarding checklist', async () => {
    await page.goto(`http://app.${DOMAIN}:${PORT}/`);
    await page.getByRole('textbox', { name: 'Store name' }).fill(`Northern Light ${run}`);
    await page.getByRole('textbox', { name: 'Dashboard address' }).fill(subdomain);
    await page.getByText(`${subdomain}.${DOMAIN} is available`).waitFor();
    await page.getByRole('textbox', { name: 'Work email' }).fill(owner.email);
    await page.getByLabel('Password', { exact: false }).first().fill(owner.password);
    await page.getByRole('button', { name: 'Create my store' }).click();
    await page.waitForURL(storeUrl);
    await page.getByText('0 of 5 done').waitFor();
    await page.getByRole('link', { name: 'Connect Klaviyo' }).waitFor();
    await screenshot('home-checklist-empty');
  });

  it('connects Klaviyo with OAuth: Klaviyo’s consent page, back on the dashboard', async () => {
    expect(EMULATOR).not.toBe('');
    await page.getByRole('link', { name: 'Connect Klaviyo' }).click();
    await page.getByRole('heading', { name: 'Klaviyo', exact: true }).waitFor();
    await expect(page.getByTestId('klaviyo-health').textContent()).resolves.toBe('Not connected');

    await page.getByRole('button', { name: 'Connect with Klaviyo' }).click();
    await page.waitForURL((url) => url.href.startsWith(`${EMULATOR}/oauth/authorize?`));
    const authorize = new URL(page.url());
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toBe(
      `http://app.${DOMAIN}:${PORT}/oauth/klaviyo/callback`,
    );
    await page
      .getByRole('heading', { name: 'Allow emulator-client to access your Klaviyo account?' })
      .waitFor();
    await page.getByText('Alva Emulator Store').waitFor();
    await page.getByRole('list', { name: 'Requested scopes' }).getByText('events:write').waitFor();
    await screenshot('klaviyo-consent');

    await page.getByRole('button', { name: 'Allow' }).click();
    // Emulator -> app.…/oauth/klaviyo/callback -> the store's API callback -> the settings page.
    await page.waitForURL(
      (url) => url.origin === new URL(storeUrl).origin && url.pathname === '/settings/klaviyo',
    );
    await page.getByText('Klaviyo connected', { exact: true }).waitFor();
    await page.getByTestId('klaviyo-health').getByText('Connected', { exact: true }).waitFor();
    await page.getByRole('heading', { name: 'Alva Emulator Store' }).waitFor();
    const mode = page
      .getByText('Connected with', { exact: true })
      .locator('xpath=following-sibling::*[1]');
    await expect(mode.textContent()).resolves.toBe('OAuth');
    await page.getByText('events:write', { exact: true }).waitFor();
    // The ?connected=1 the round trip ended on is gone from the address.
    expect(new URL(page.url()).search).toBe('');

    const requests = await emulatorRequests();
    const exchanged = requests.filter((r) => r.method === 'POST' && r.path === '/oauth/token');
    expect(exchanged.map((r) => r.status)).toEqual([200]);
    await screenshot('klaviyo-connected');
  });

  it('creates a bundle', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Bundles' }).click();
    await page.getByText('No bundles yet').waitFor();
    await page.getByRole('button', { name: 'New bundle' }).click();
    const dialog = page.getByRole('dialog', { name: 'New bundle' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill(BUNDLE);
    await dialog
      .getByRole('textbox', { name: 'Description' })
      .fill('Twelve Lightroom presets and a guide.');
    await dialog.getByRole('button', { name: 'Create bundle' }).click();
    await page.getByRole('heading', { name: BUNDLE, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/bundles\/[0-9a-f-]{36}$/);
  });

  it('uploads a file with one PUT straight to S3, its progress bar reaching 100 %', async () => {
    await recordUploadProgress(page);
    const planned = page.waitForResponse(
      (response) => /\/api\/v1\/bundles\/[^/]+\/files$/.test(response.url()) && response.ok(),
    );
    await page.getByLabel('Upload files').setInputFiles({
      name: SMALL.name,
      mimeType: SMALL.mimeType,
      buffer: SMALL.content,
    });
    const plan = (await (await planned).json()) as { upload: { method: string; url: string } };
    expect(plan.upload.method).toBe('PUT');
    s3Origin = new URL(plan.upload.url).origin;
    const row = page.getByTestId('file-row').filter({ hasText: SMALL.name });
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });

    const progress = (await uploadProgress(page))[SMALL.name] ?? [];
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('uploads a bigger file in parts (multipart), its progress bar reaching 100 %', async () => {
    const planned = page.waitForResponse(
      (response) => /\/api\/v1\/bundles\/[^/]+\/files$/.test(response.url()) && response.ok(),
    );
    await page.getByLabel('Upload files').setInputFiles({
      name: LARGE.name,
      mimeType: LARGE.mimeType,
      buffer: LARGE.content,
    });
    const plan = (await (await planned).json()) as {
      upload: { method: string; parts?: unknown[] };
    };
    expect(plan.upload.method).toBe('MULTIPART');
    expect(plan.upload.parts).toHaveLength(2);
    const row = page.getByTestId('file-row').filter({ hasText: LARGE.name });
    await row.getByText('Ready', { exact: true }).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('file-row').count()).resolves.toBe(2);

    const progress = (await uploadProgress(page))[LARGE.name] ?? [];
    expect(progress.at(-1)).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    await screenshot('bundle-files-ready');
  });

  it('copies the webhook URL and reveals the secret', async () => {
    webhookUrl = await page.getByRole('textbox', { name: 'Webhook URL' }).inputValue();
    expect(webhookUrl).toMatch(new RegExp(`^${storeUrl.replaceAll('.', '\\.')}webhook/\\S+$`));
    await page.getByRole('button', { name: 'Copy webhook url' }).click();
    await page.getByRole('button', { name: 'Webhook URL copied' }).waitFor();
    await expect(readClipboard()).resolves.toBe(webhookUrl);

    await page.getByRole('link', { name: 'Webhook configuration' }).click();
    await page.getByRole('heading', { name: 'Webhook configuration' }).waitFor();
    await page.getByRole('cell', { name: BUNDLE, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reveal' }).click();
    const field = page.getByRole('textbox', { name: 'Webhook secret' });
    await page.getByRole('button', { name: 'Copy webhook secret' }).click();
    await page.getByRole('button', { name: 'Webhook secret copied' }).waitFor();
    secret = await field.inputValue();
    expect(secret).not.toContain('•');
    expect(secret.length).toBeGreaterThan(20);
    await expect(readClipboard()).resolves.toBe(secret);
    await screenshot('webhook-configuration');
  });

  it('accepts a webhook call like Klaviyo’s and shows the delivery as Approved', async () => {
    deliveryId = await postWebhook({
      email: customer,
      first_name: 'Jordan',
      last_name: 'Rivera',
      order_id: 'order-1001',
    });

    await openDeliveries();
    // The ingest worker creates the delivery; the list refreshes itself every few seconds.
    await deliveryRow(customer).getByText('Approved', { exact: true }).waitFor({ timeout: 45_000 });
    await screenshot('deliveries-approved');
  });

  it('opens the detail drawer with the fraud check, link and Klaviyo event', async () => {
    await page.getByRole('button', { name: `Open delivery to ${customer}` }).click();
    const drawer = page.getByRole('dialog', { name: `Delivery to ${customer}` });
    await drawer.getByText('Current link').waitFor();
    await drawer.getByText('0 of 5 used').waitFor();
    await drawer.getByLabel('Fraud score 0 of 100').waitFor();
    await drawer.getByText('Alva Download Ready').waitFor();
    await drawer.getByText('Nothing downloaded yet.').waitFor();
    await drawer.getByRole('button', { name: 'Resend' }).waitFor();
    expect(page.url()).toContain(`delivery=${deliveryId}`);
    await screenshot('delivery-drawer');
  });

  it('downloads both files from the customer’s download page, byte for byte', async () => {
    const [ready] = await emulatorEventsAtLeast('Alva Download Ready', customer, 1);
    expect(ready?.auth_mode).toBe('oauth');
    expect(ready?.properties.ProductName).toBe(BUNDLE);
    expect(ready?.properties.FileCount).toBe(2);
    const downloadPageUrl = String(ready?.properties.DownloadPageURL);
    expect(downloadPageUrl).toMatch(new RegExp(`^${storeUrl.replaceAll('.', '\\.')}d/\\S+$`));

    const customerTab = await customerPage();
    const opened = await customerTab.goto(downloadPageUrl);
    expect(opened?.status()).toBe(200);
    await customerTab.getByRole('heading', { name: BUNDLE }).waitFor();
    await customerTab.getByText('5 downloads left', { exact: false }).waitFor();
    for (const file of [SMALL, LARGE]) {
      await customerTab.getByText(`SHA-256 ${sha256(file.content)}`).waitFor();
    }
    await screenshot('download-page', customerTab);

    for (const file of [SMALL, LARGE]) {
      const started = customerTab.waitForEvent('download');
      await customerTab.getByRole('button', { name: `Download ${file.name}` }).click();
      const download = await started;
      expect(download.suggestedFilename()).toBe(file.name);
      // The page's POST answered 303 to a short-lived presigned URL on the (local) S3.
      expect(new URL(download.url()).origin).toBe(s3Origin);
      expect(await download.failure()).toBeNull();
      const received = readFileSync(await download.path());
      expect(received.length).toBe(file.content.length);
      expect(received.equals(file.content)).toBe(true);
    }
    await customerTab.reload();
    await customerTab.getByText('3 downloads left', { exact: false }).waitFor();
    await customerTab.context().close();
  });

  it('counts both downloads in the drawer and sends the events to Klaviyo', async () => {
    await page.reload();
    const drawer = page.getByRole('dialog', { name: `Delivery to ${customer}` });
    const downloads = drawer.getByRole('table', { name: 'Downloads' });
    await downloads.getByText(SMALL.name).waitFor();
    await downloads.getByText(LARGE.name).waitFor();
    await drawer.getByText('2 of 5 used').waitFor();
    await drawer.getByText('Downloaded', { exact: true }).first().waitFor();
    await screenshot('delivery-drawer-downloaded');

    const completed = await emulatorEventsAtLeast('Alva Download Completed', customer, 2);
    expect(completed).toHaveLength(2);
    expect(completed.map((event) => event.properties.FileName).sort()).toEqual(
      [SMALL.name, LARGE.name].sort(),
    );
    // Sent by two worker threads: in either order.
    const remaining = completed.map((event) => Number(event.properties.RemainingDownloads));
    expect(remaining.sort((a, b) => a - b)).toEqual([3, 4]);
    expect(completed.every((event) => event.auth_mode === 'oauth')).toBe(true);
    const [everything] = await emulatorEventsAtLeast('Alva All Files Downloaded', customer, 1);
    expect(everything?.properties.ProductName).toBe(BUNDLE);
    expect(everything?.properties.TotalFiles).toBe(2);
  });

  it('holds a throwaway-mail delivery for review, and approves it from the drawer', async () => {
    await postWebhook({
      email: risky,
      first_name: 'Mia',
      last_name: 'Chen',
      order_id: 'order-1002',
    });
    await openDeliveries();
    await deliveryRow(risky)
      .getByText('Pending Review', { exact: true })
      .waitFor({ timeout: 45_000 });
    // Nothing goes to Klaviyo while the delivery waits for a person.
    await expect(emulatorEvents('Alva Download Ready', risky)).resolves.toEqual([]);

    await page.getByRole('button', { name: `Open delivery to ${risky}` }).click();
    const drawer = page.getByRole('dialog', { name: `Delivery to ${risky}` });
    await drawer.getByLabel('Fraud score 40 of 100').waitFor();
    await drawer.getByText(/disposable \(throwaway\) email provider/).waitFor();
    await drawer.getByText('No link yet: one is created when the delivery is approved.').waitFor();
    await screenshot('delivery-pending-review');

    await act('Approve', 'Approve this delivery?');
    await page.getByText('Approved: the download link is on its way.').waitFor();
    await drawer.getByText('Current link').waitFor();
    await drawer.getByText('Approved', { exact: true }).first().waitFor();
    const [ready] = await emulatorEventsAtLeast('Alva Download Ready', risky, 1);
    expect(ready?.properties.ProductName).toBe(BUNDLE);
    await screenshot('delivery-approved-from-review');
  });

  it('revokes a delivery from the drawer, after which its download link refuses', async () => {
    await postWebhook({
      email: revoked,
      first_name: 'Sam',
      last_name: 'Okafor',
      order_id: 'order-1003',
    });
    const [ready] = await emulatorEventsAtLeast('Alva Download Ready', revoked, 1);
    const link = String(ready?.properties.DownloadPageURL);
    const customerTab = await customerPage();
    expect((await customerTab.goto(link))?.status()).toBe(200);
    await customerTab.getByRole('button', { name: `Download ${SMALL.name}` }).waitFor();

    await openDeliveries();
    await deliveryRow(revoked).getByText('Approved', { exact: true }).waitFor({ timeout: 45_000 });
    await page.getByRole('button', { name: `Open delivery to ${revoked}` }).click();
    const drawer = page.getByRole('dialog', { name: `Delivery to ${revoked}` });
    await drawer.getByText('Current link').waitFor();
    await act('Revoke', 'Revoke the download link?');
    await page.getByText('The link is revoked.').waitFor();
    await drawer.getByText('Revoked', { exact: true }).first().waitFor();
    await drawer.getByText(/^Issued .* · revoked /).waitFor();
    await screenshot('delivery-revoked');

    // The page the customer still has open: its download button now refuses.
    const refused = customerTab.waitForResponse(
      (response) => response.request().method() === 'POST',
    );
    await customerTab.getByRole('button', { name: `Download ${SMALL.name}` }).click();
    expect((await refused).status()).toBe(403);
    await customerTab.getByRole('heading', { name: 'This link was withdrawn' }).waitFor();
    // And opening the link again says the same.
    expect((await customerTab.goto(link))?.status()).toBe(403);
    await customerTab.getByRole('heading', { name: 'This link was withdrawn' }).waitFor();
    await screenshot('download-page-revoked', customerTab);
    await customerTab.context().close();
    await expect(emulatorEvents('Alva Download Completed', revoked)).resolves.toEqual([]);
  });

  it('ticks the onboarding steps from what happened', async () => {
    await page.keyboard.press('Escape');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Home' })
      .click();
    await page.getByText('4 of 5 done').waitFor({ timeout: 30_000 });
    await screenshot('home-checklist-progress');
  });

  it('sends a test delivery, which completes the checklist', async () => {
    await page.getByRole('link', { name: 'Send a test' }).click();
    await page.getByRole('heading', { name: 'Webhook configuration' }).waitFor();
    await page.getByRole('button', { name: 'Send test' }).click();
    await page.getByText('Test delivery accepted').waitFor();
    await page.getByRole('link', { name: 'Open the delivery' }).click();
    const drawer = page.getByRole('dialog', { name: `Delivery to ${owner.email}` });
    await drawer.getByText('Test', { exact: true }).waitFor();
    await drawer.getByText('Approved', { exact: true }).waitFor({ timeout: 30_000 });
    await page.keyboard.press('Escape');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Home' })
      .click();
    await page.getByText('5 of 5 done').waitFor({ timeout: 30_000 });
    await page.getByText('You are ready to deliver').waitFor();
    await screenshot('home-checklist-done');
  });

  it('shows the customer and the analytics', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('link', { name: customer }).click();
    await page.getByRole('heading', { name: 'Jordan Rivera' }).waitFor();
    await page
      .getByRole('table', { name: 'Deliveries of this customer' })
      .getByText('Downloaded')
      .waitFor();
    await screenshot('customer-detail');

    await nav.getByRole('link', { name: 'Analytics' }).click();
    // Three deliveries (Jordan's, Mia's, Sam's); the test delivery is left out of analytics.
    await page.getByLabel('Deliveries: 3').waitFor();
    await page.getByLabel('Downloads: 2').waitFor();
    await page.getByRole('table', { name: 'Top bundles' }).getByText(BUNDLE).waitFor();
    await screenshot('analytics');
  });
});
