// Typed clients for the merchant API (store hosts) and the public API (app. host): same origin,
// session cookie, X-CSRFToken on unsafe methods, errors thrown as ApiError by `unwrap`.
import createClient from 'openapi-fetch';
import { createCsrfSession } from './csrf';
import { apiErrorFrom, isApiError, networkError } from './errors';
import type { paths as MerchantPaths } from './generated/merchant';
import type { paths as PublicPaths } from './generated/public';

const merchantCsrf = createCsrfSession('/api/v1/auth/csrf');

/** Login, hand-off and invitation acceptance rotate the token and return the new one. */
export const setCsrfToken = merchantCsrf.setToken;

export const clientOptions = () => ({
  baseUrl: window.location.origin,
  credentials: 'same-origin' as const,
  // Resolved on every call so test doubles installed after import still see the requests.
  fetch: (request: Request) => globalThis.fetch(request),
});

export const merchantApi = createClient<MerchantPaths>(clientOptions());
merchantApi.use(merchantCsrf.middleware);

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
