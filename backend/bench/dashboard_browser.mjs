// The browser half of bench/dashboard.py: `node dashboard_browser.mjs '<json config>'` prints JSON.
//
// Headless Chromium (Debian's, through the SPA's own playwright-core) logs in to each store once,
// then opens /deliveries again and again, each time in a fresh browser context (an empty HTTP
// cache, the same session cookie) and once more in that context (a returning visit), alternating
// the stores so that machine noise hits both alike. It times navigation start to the first
// animation frame in which a deliveries table row is laid out, with the milestones on the way
// (document, scripts, API calls), and records which JS files the page had fetched by then.
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const config = JSON.parse(process.argv[2] ?? '{}');
const require = createRequire(`${config.frontend}/package.json`);
const { chromium } = require('playwright-core');

/** Runs in the page before its own scripts: note when the first row exists, and when it is painted. */
function watchFirstRow() {
    const mark = () => {
        if (window.__firstRow !== undefined) return true;
        const row = document.querySelector('[data-testid="delivery-row"]');
        if (!row || row.getBoundingClientRect().height === 0) return false;
        window.__firstRow = performance.now();
        requestAnimationFrame(() => {
            window.__firstRowFrame = performance.now();
        });
        return true;
    };
    new MutationObserver((_, observer) => {
        if (mark()) observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
}

function collect() {
    const firstRow = window.__firstRowFrame ?? window.__firstRow;
    const resources = performance
        .getEntriesByType('resource')
        .filter((r) => r.startTime <= firstRow);
    const navigation = performance.getEntriesByType('navigation')[0];
    const paint = performance.getEntriesByName('first-contentful-paint')[0];
    const scripts = resources.filter(
        (r) => r.initiatorType !== 'fetch' && /\.js(\?|$)/.test(r.name),
    );
    const api = resources.filter((r) => r.initiatorType === 'fetch' && r.name.includes('/api/'));
    const list = api.find((r) => /\/api\/v1\/deliveries\?/.test(r.name));
    const pager = /of ([\d,]+) deliveries/.exec(document.body.innerText);
    return {
        // Milestones, in ms since navigation start.
        first_row_ms: firstRow,
        row_in_dom_ms: window.__firstRow,
        first_contentful_paint_ms: paint ? paint.startTime : null,
        document_loaded_ms: navigation ? navigation.responseEnd : null,
        scripts_loaded_ms: Math.max(0, ...scripts.map((r) => r.responseEnd)),
        first_api_call_ms: api.length ? Math.min(...api.map((r) => r.startTime)) : null,
        deliveries_api_start_ms: list ? list.startTime : null,
        deliveries_api_done_ms: list ? list.responseEnd : null,
        deliveries_api_ms: list ? list.responseEnd - list.startTime : null,
        rows: document.querySelectorAll('[data-testid="delivery-row"]').length,
        total_shown: pager ? Number(pager[1].replaceAll(',', '')) : null,
        js: scripts.map((r) => new URL(r.name).pathname),
    };
}

async function login(browser, store) {
    // In the browser, not Node: Chromium resolves *.localhost to loopback, Node's resolver does not.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${store.url}api/v1/auth/csrf`);
    const status = await page.evaluate(async ({ email, password }) => {
        const { csrf_token: token } = await (await fetch('/api/v1/auth/csrf')).json();
        const response = await fetch('/api/v1/auth/login', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-csrftoken': token },
            body: JSON.stringify({ email, password }),
        });
        return response.status;
    }, store);
    if (status !== 200) throw new Error(`login to ${store.url} failed: ${status}`);
    const state = await context.storageState();
    await context.close();
    return state;
}

async function load(page, store) {
    await page.goto(`${store.url}deliveries`, { waitUntil: 'commit' });
    try {
        await page.waitForFunction(() => window.__firstRowFrame !== undefined, null, {
            timeout: 30_000,
            polling: 50,
        });
    } catch (error) {
        const shot = join(tmpdir(), 'alva-bench-dashboard-failure.png');
        await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
        throw new Error(`no deliveries row on ${page.url()} (screenshot: ${shot})`, {
            cause: error,
        });
    }
    return page.evaluate(collect);
}

/** A first visit (empty HTTP cache), then a second full page load in the same browser context. */
async function measure(browser, store, state) {
    const context = await browser.newContext({
        storageState: state,
        viewport: { width: 1360, height: 900 },
    });
    try {
        const page = await context.newPage();
        await page.addInitScript(watchFirstRow);
        const cold = await load(page, store);
        const warm = await load(page, store);
        return { cold, warm };
    } finally {
        await context.close();
    }
}

const browser = await chromium.launch({
    executablePath: config.chromium,
    headless: true,
    args: config.args,
});
try {
    const states = new Map();
    for (const store of config.stores) states.set(store.label, await login(browser, store));
    const samples = Object.fromEntries(config.stores.map((store) => [store.label, []]));
    for (let round = 0; round < config.warmup + config.runs; round += 1) {
        for (const store of config.stores) {
            const result = await measure(browser, store, states.get(store.label));
            if (round >= config.warmup) samples[store.label].push(result);
        }
    }
    process.stdout.write(JSON.stringify(samples));
} finally {
    await browser.close();
}
