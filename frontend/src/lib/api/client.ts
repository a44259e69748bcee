// Typed clients for the merchant API (store hosts) and the public API (app. host): same origin,
// session cookie, X-CSRFToken on unsafe methods, errors thrown as ApiError by `unwrap`.
import createClient, { type Middleware } from 'openapi-fetch';
import { apiErrorFrom, isApiError, networkError } from './errors';
import type { paths as MerchantPaths } from './generated/merchant';
import type { paths as PublicPaths } from './generated/public';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

let csrfToken: string | null = null;
let csrfRequest: Promise<string> | null = null;

/** Login, hand-off and invitation acceptance rotate the token and return the new one. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

async function fetchCsrfToken(): Promise<string> {
  csrfRequest ??= (async () => {
    try {
      const response = await globalThis.fetch(`${window.location.origin}/api/v1/auth/csrf`, {
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

// Copies of unsafe requests, to send once more if the CSRF token turns out stale (another tab
// logged in and rotated it).
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

const clientOptions = () => ({
  baseUrl: window.location.origin,
  credentials: 'same-origin' as const,
  // Resolved on every call so test doubles installed after import still see the requests.
  fetch: (request: Request) => globalThis.fetch(request),
});

export const merchantApi = createClient<MerchantPaths>(clientOptions());
merchantApi.use(csrfMiddleware);

export const publicApi = createClient<PublicPaths>(clientOptions());

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Await an openapi-fetch call: its data on 2xx, an ApiError otherwise (status 0 when offline). */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (isApiError(error) || (error instanceof Error && error.name === 'AbortError')) throw error;
    throw networkError();
  }
  if (!result.response.ok) throw apiErrorFrom(result.response, result.error);
  return result.data as T;
}
