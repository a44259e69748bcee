// Django's CSRF protection for an openapi-fetch client: X-CSRFToken on unsafe methods, the token
// fetched from the API's csrf endpoint when missing, and one retry with a fresh token when the
// server answers `csrf_failed` (another tab signed in and rotated it).
import type { Middleware } from 'openapi-fetch';
import { apiErrorFrom } from './errors';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

export interface CsrfSession {
  middleware: Middleware;
  /** Sign-in and similar calls rotate the token and return the new one; tests reset it. */
  setToken: (token: string | null) => void;
}

async function isCsrfFailure(response: Response): Promise<boolean> {
  if (response.status !== 403) return false;
  const body = (await response
    .clone()
    .json()
    .catch(() => null)) as { error?: { code?: string } } | null;
  return body?.error?.code === 'csrf_failed';
}

/** One token per API: `csrfPath` is the same-origin endpoint answering `{"csrf_token"}`. */
export function createCsrfSession(csrfPath: string): CsrfSession {
  let token: string | null = null;
  let pending: Promise<string> | null = null;
  // Copies of unsafe requests, to send once more if the token turns out stale.
  const retryable = new WeakMap<Request, Request>();

  const fetchToken = (): Promise<string> => {
    pending ??= (async () => {
      try {
        const response = await globalThis.fetch(`${window.location.origin}${csrfPath}`, {
          credentials: 'same-origin',
        });
        if (!response.ok) throw apiErrorFrom(response, await response.json().catch(() => null));
        const body = (await response.json()) as { csrf_token: string };
        token = body.csrf_token;
        return token;
      } finally {
        pending = null;
      }
    })();
    return pending;
  };

  const middleware: Middleware = {
    async onRequest({ request }) {
      if (SAFE_METHODS.has(request.method)) return undefined;
      request.headers.set('X-CSRFToken', token ?? (await fetchToken()));
      retryable.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const copy = retryable.get(request);
      retryable.delete(request);
      if (!copy || !(await isCsrfFailure(response))) return undefined;
      token = null;
      copy.headers.set('X-CSRFToken', await fetchToken());
      return globalThis.fetch(copy);
    },
  };

  return {
    middleware,
    setToken: (value) => {
      token = value;
    },
  };
}
