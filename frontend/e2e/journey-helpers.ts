// Shared pieces of the browser journeys: the Chromium the tests drive, steps that stop at the first
// failure, screenshots, bounded polling, and the Klaviyo emulator's inspection API (what Alva sent
// to "Klaviyo", as the test asserts it).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';

export const PORT = process.env.PORT ?? '8000';
export const DOMAIN = 'alva.localhost';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const EMULATOR = process.env.KLAVIYO_EMULATOR_URL ?? '';
export const ARTIFACTS = join(import.meta.dirname, 'artifacts');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Print the page's uncaught errors with the test output. */
export function logPageErrors(page: Page): void {
  page.on('pageerror', (error) => {
    console.error(`[browser] ${error.message}`);
  });
}

/**
 * Headless Chromium with a throwaway profile (removed by `close`), its first tab logging page
 * errors; also creates the artifacts folder the screenshots go to.
 */
export async function launchChromium({
  viewport,
  clipboard = false,
}: {
  viewport: { width: number; height: number };
  /** Let the pages read and write the clipboard (copy buttons). */
  clipboard?: boolean;
}): Promise<{ context: BrowserContext; page: Page; close: () => Promise<void> }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'alva-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  context.setDefaultTimeout(20_000);
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = context.pages()[0] ?? (await context.newPage());
  logPageErrors(page);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A full-page picture of `page` in the artifacts folder. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // Drawers and modals slide in: finish their transitions so the picture shows the settled screen.
  await page.screenshot({
    path: join(ARTIFACTS, `${name}.png`),
    fullPage: true,
    animations: 'disabled',
  });
}

/**
 * Each step builds on the one before: after a failure, skip the rest instead of piling up
 * timeouts, and run `onFailure` (e.g. a screenshot of the failed step) once.
 */
export function skipStepsAfterFailure(onFailure?: () => Promise<void>): void {
  let broken = false;
  beforeEach((ctx) => {
    if (broken) ctx.skip('an earlier step failed');
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    broken = true;
    await onFailure?.().catch(() => undefined);
  });
}

/** Poll `check` until it gives something other than null (errors count as "not yet"). */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | null>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

export interface EmulatorEvent {
  metric_name: string;
  auth_mode: 'api_key' | 'oauth';
  account_id: string;
  unique_id: string | null;
  profile: { email?: string };
  properties: Record<string, unknown>;
}

/** The events the Klaviyo emulator recorded (`GET /_emulator/events`), filtered by metric and email. */
export async function emulatorEvents(metric: string, email: string): Promise<EmulatorEvent[]> {
  if (!EMULATOR)
    throw new Error('KLAVIYO_EMULATOR_URL is not set (run the tests with npm run e2e)');
  const query = new URLSearchParams({ metric, email });
  const response = await fetch(`${EMULATOR}/_emulator/events?${query.toString()}`);
  if (!response.ok) throw new Error(`emulator events: ${String(response.status)}`);
  return ((await response.json()) as { events: EmulatorEvent[] }).events;
}

/** Wait until the emulator holds at least `count` events of `metric` for `email`. */
export function emulatorEventsAtLeast(
  metric: string,
  email: string,
  count: number,
  ms = 45_000,
): Promise<EmulatorEvent[]> {
  return eventually(
    `${String(count)} “${metric}” event(s) for ${email}`,
    async () => {
      const events = await emulatorEvents(metric, email);
      return events.length >= count ? events : null;
    },
    ms,
  );
}

export interface EmulatorRequest {
  method: string;
  path: string;
  status: number | null;
  outcome: string | null;
}

/** Every non-control request the emulator answered (`GET /_emulator/requests`). */
export async function emulatorRequests(): Promise<EmulatorRequest[]> {
  const response = await fetch(`${EMULATOR}/_emulator/requests`);
  return ((await response.json()) as { requests: EmulatorRequest[] }).requests;
}

declare global {
  interface Window {
    __uploadProgress?: Record<string, number[]>;
  }
}

/**
 * Record every value each upload progress bar shows from now on (bars come and go within a
 * second on loopback, so a test cannot reliably catch them by polling).
 */
export async function recordUploadProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.__uploadProgress) return;
    const seen: Record<string, number[]> = {};
    window.__uploadProgress = seen;
    const prefix = 'Upload progress of ';
    const sample = () => {
      for (const bar of document.querySelectorAll(
        `[role="progressbar"][aria-label^="${prefix}"]`,
      )) {
        const name = (bar.getAttribute('aria-label') ?? '').slice(prefix.length);
        const value = Number(bar.getAttribute('aria-valuenow'));
        const values = (seen[name] ??= []);
        if (values.at(-1) !== value) values.push(value);
      }
    };
    new MutationObserver(sample).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['aria-valuenow'],
    });
    sample();
  });
}

/** The values each file's progress bar went through, in order. */
export function uploadProgress(page: Page): Promise<Record<string, number[]>> {
  return page.evaluate(() => window.__uploadProgress ?? {});
}
