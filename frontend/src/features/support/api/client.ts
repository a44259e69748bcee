// The typed client of the support API (`/api/support/v1/…` on support.{APP_DOMAIN}): same origin,
// session cookie, and CSRF from the support host's own csrf endpoint (the merchant API's lives on
// store hosts only).
import createClient from 'openapi-fetch';
import { clientOptions } from '@/lib/api/client';
import { createCsrfSession } from '@/lib/api/csrf';
import type { paths } from '@/lib/api/generated/support';

export { unwrap } from '@/lib/api/client';

export const SUPPORT_API = '/api/support/v1';

const supportCsrf = createCsrfSession(`${SUPPORT_API}/auth/csrf`);

/** Login and TOTP confirmation rotate the token and return the new one; tests reset it. */
export const setSupportCsrfToken = supportCsrf.setToken;

export const supportApi = createClient<paths>(clientOptions());
supportApi.use(supportCsrf.middleware);
