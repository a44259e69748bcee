// The typed client of the support API (`/api/support/v1/…` on support.{APP_DOMAIN}): same origin,
// session cookie, X-CSRFToken on unsafe methods from the support host's own csrf endpoint (the
// merchant API's lives on store hosts only), and one retry with a fresh token on `csrf_failed`.
import createClient, { type Middleware } from 'openapi-fetch';
import { apiErrorFrom } from '@/lib/api/errors';
import type { paths } from '@/lib/api/generated/support';

export { unwrap } from '@/lib/api/client';

export const SUPPORT_API = '/api/support/v1';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

let csrfToken: string | null = null;
let csrfRequest: Promise<string> | null = null;

/** Login and TOTP confirmation rotate the token and return the new one; tests reset it. */
export function setSupportCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function fetchCsrfToken(): Promise<string> {
  csrfRequest ??= (async () => {
    try {
      const response = await globalThis.fetch(`${window.location.origin}${SUPPORT_API}/auth/csrf`, {
        credentials: 'same-origin',
      });
      if (!response.ok) throw apiErrorFrom(response, await response.json().catch(() => null));
      const body = (await response.json()) as { csrf_token: string };
      csrfToken = body.csrf_token;
      return csrfToken;
    } finally {
      csrfRequest = null;
    }
  })();
  return csrfRequest;
}

// Copies of unsafe requests, to send once more if the token turns out stale (another tab signed in).
const retryable = new WeakMap<Request, Request>();

async function isCsrfFailure(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === 'csrf_failed';
}

const csrfMiddleware: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    request.headers.set('X-CSRFToken', csrfToken ?? (await fetchCsrfToken()));
    retryable.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    const copy = retryable.get(request);
    retryable.delete(request);
    if (!copy || !(await isCsrfFailure(response))) return undefined;
    csrfToken = null;
    copy.headers.set('X-CSRFToken', await fetchCsrfToken());
    return globalThis.fetch(copy);
  },
};

export const supportApi = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  // Resolved on every call so test doubles installed after import still see the requests.
  fetch: (request: Request) => globalThis.fetch(request),
});
supportApi.use(csrfMiddleware);
