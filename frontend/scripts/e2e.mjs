// End-to-end run: build the SPA if it is stale, start the backend (devtools.stack) and
// `vite preview` on :8000 with the API proxy, run the browser tests, and tear everything down,
// also on failure or Ctrl-C. Every wait is bounded.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const backend = resolve(root, '../backend');
const artifacts = join(root, 'e2e/artifacts');
// A support staff user's password and TOTP secret (seed_staff), for the support console's spec.
const staffState = join(artifacts, 'support-staff');
const python = process.env.ALVA_BACKEND_PYTHON ?? join(backend, '.venv/bin/python');
const webPort = Number(process.env.PORT ?? 8000);
const apiPort = Number(process.env.E2E_API_PORT ?? 8001);
const bin = (name) => join(root, 'node_modules/.bin', name);

const LIMITS = {
    build: 180_000,
    backend: 240_000,
    preview: 30_000,
    tests: 420_000,
    stop: 30_000,
};

const children = [];
let stopping = null;

function log(message) {
    console.log(`[e2e] ${message}`);
}

function newestMtime(path) {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.mtimeMs;
    return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), 0);
}

function buildIsStale() {
    const built = join(root, 'dist/index.html');
    if (!existsSync(built)) return true;
    const inputs = ['src', 'public', 'index.html', 'vite.config.ts', 'package-lock.json'];
    const newest = Math.max(
        ...inputs
            .map((p) => join(root, p))
            .filter(existsSync)
            .map(newestMtime),
    );
    return newest > statSync(built).mtimeMs;
}

/** Start a process in its own process group, its output going to e2e/artifacts/<name>.log. */
function start(name, command, args, { cwd = root, env = {}, onLine } = {}) {
    const logFile = createWriteStream(join(artifacts, `${name}.log`));
    const child = spawn(command, args, {
        cwd,
        env: { ...process.env, ...env },
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    const entry = { name, child, exited: false };
    child.on('exit', () => {
        entry.exited = true;
    });
    child.stderr.pipe(logFile);
    createInterface({ input: child.stdout }).on('line', (line) => {
        logFile.write(`${line}\n`);
        onLine?.(line);
    });
    children.push(entry);
    return entry;
}

function waitFor(what, ms, check) {
    return new Promise((resolvePromise, reject) => {
        const deadline = Date.now() + ms;
        const tick = async () => {
            try {
                const value = await check();
                if (value) return resolvePromise(value);
            } catch {
                // not yet
            }
            if (Date.now() > deadline)
                return reject(new Error(`${what}: not ready within ${ms / 1000}s`));
            setTimeout(tick, 250);
        };
        void tick();
    });
}

function exited(entry, ms) {
    if (entry.exited) return Promise.resolve(true);
    return new Promise((resolvePromise) => {
        const timer = setTimeout(() => resolvePromise(false), ms);
        entry.child.once('exit', () => {
            clearTimeout(timer);
            resolvePromise(true);
        });
    });
}

async function stopAll() {
    stopping ??= (async () => {
        for (const entry of [...children].reverse()) {
            if (entry.exited) continue;
            log(`stopping ${entry.name}`);
            try {
                process.kill(-entry.child.pid, 'SIGTERM');
            } catch {
                continue;
            }
            if (!(await exited(entry, LIMITS.stop))) {
                log(`${entry.name} did not stop in time: killing it`);
                try {
                    process.kill(-entry.child.pid, 'SIGKILL');
                } catch {
                    // already gone
                }
                await exited(entry, 5_000);
            }
        }
    })();
    return stopping;
}

async function run(name, command, args, { env = {}, timeout }) {
    const entry = start(name, command, args, { env, onLine: (line) => console.log(line) });
    entry.child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    const finished = await exited(entry, timeout);
    if (!finished) throw new Error(`${name} did not finish within ${timeout / 1000}s`);
    return entry.child.exitCode ?? 1;
}

async function startBackend() {
    if (!existsSync(python)) throw new Error(`${python} not found: run \`make setup\` first`);
    if (!existsSync(join(backend, 'devtools/stack.py')))
        throw new Error('backend/devtools/stack.py is missing');
    log(`starting devtools.stack (API on :${apiPort})`);
    let ready = null;
    const args = [
        '-m',
        'devtools.stack',
        '--api-port',
        String(apiPort),
        '--public-port',
        String(webPort),
        '--staff-state',
        staffState,
    ];
    const entry = start('backend', python, args, {
        cwd: backend,
        // Small multipart uploads, so the browser test sends a real multipart upload in seconds.
        env: {
            CATALOG_MULTIPART_THRESHOLD_BYTES: String(5 * 1024 * 1024),
            CATALOG_MULTIPART_PART_SIZE_BYTES: String(5 * 1024 * 1024),
        },
        onLine: (line) => {
            try {
                const message = JSON.parse(line);
                if (message && message.ready === true) ready = message;
            } catch {
                // not the readiness line
            }
        },
    });
    const info = await waitFor('devtools.stack', LIMITS.backend, () => {
        if (entry.exited) throw new Error('devtools.stack exited before it was ready');
        return ready;
    });
    return { api: info.api ?? `http://127.0.0.1:${apiPort}`, klaviyo: info.klaviyo ?? '' };
}

async function main() {
    mkdirSync(artifacts, { recursive: true });
    if (buildIsStale()) {
        log('building the SPA');
        const code = await run('build', bin('vite'), ['build'], { timeout: LIMITS.build });
        if (code !== 0) throw new Error('vite build failed');
    } else {
        log('dist/ is up to date');
    }

    const { api, klaviyo } = await startBackend();
    log(`API ready at ${api}`);

    log(`starting vite preview on :${webPort}`);
    const preview = start(
        'preview',
        bin('vite'),
        // Vite allows one preview per project unless told otherwise; runs on other ports
        // (PORT=…, E2E_API_PORT=…) may overlap.
        ['preview', '--port', String(webPort), '--strictPort', '--bypass-lock'],
        {
            env: { ALVA_API_ORIGIN: api, PORT: String(webPort) },
        },
    );
    await waitFor('vite preview', LIMITS.preview, async () => {
        if (preview.exited) throw new Error('vite preview exited (is the port taken?)');
        const [page, proxied] = await Promise.all([
            fetch(`http://127.0.0.1:${webPort}/`),
            fetch(`http://127.0.0.1:${webPort}/healthz`),
        ]);
        return page.ok && proxied.ok;
    });

    // `npm run e2e -- deliver-files` runs only the spec files whose names contain the filter.
    const filters = process.argv.slice(2);
    log(`running the browser tests${filters.length ? ` (${filters.join(', ')})` : ''}`);
    return run('tests', bin('vitest'), ['run', '--config', 'vitest.e2e.config.ts', ...filters], {
        env: {
            PORT: String(webPort),
            KLAVIYO_EMULATOR_URL: klaviyo,
            SUPPORT_STAFF_STATE: staffState,
        },
        timeout: LIMITS.tests,
    });
}

for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
        log(`${signal}: tearing down`);
        void stopAll().then(() => process.exit(130));
    });
}

let code = 1;
try {
    code = await main();
} catch (error) {
    console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    console.error(`[e2e] logs: ${artifacts}/*.log`);
} finally {
    await stopAll();
}
process.exit(code);
