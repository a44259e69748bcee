// Who is logged in on this store: `GET /auth/me` decides; every dashboard screen reads it from context.
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { createContext, use } from 'react';
import { merchantApi, setCsrfToken, unwrap } from './api/client';
import { isApiError } from './api/errors';
import type { Me, SessionOut } from './api/types';
import { dropEarly, startEarly, takeEarly, takeEarlyData } from './early-requests';

export const sessionQueryKey = ['session'] as const;
// Why the last session ended ("You are logged out."), for the login page it redirects to.
const sessionEndKey = ['session-end-notice'] as const;

async function checkSession(): Promise<Me | null> {
  try {
    return await unwrap(merchantApi.GET('/api/v1/auth/me'));
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      // Nothing asked for before we knew may be shown to whoever logs in next.
      dropEarly(sessionQueryKey);
      return null;
    }
    throw error;
  }
}

/**
 * Ask `GET /auth/me` now, before the dashboard's code has loaded (main.tsx on a store host): the
 * session gate's first check uses this answer (see `initialSession`).
 */
export function startSessionCheck(): void {
  startEarly(sessionQueryKey, checkSession);
}

/** The early check's answer if it has arrived: the gate then renders without a loading step. */
export function initialSession(): Me | null | undefined {
  return takeEarlyData(sessionQueryKey) as Me | null | undefined;
}

/** `null` means nobody is logged in (401). */
export const sessionQuery = queryOptions({
  queryKey: sessionQueryKey,
  queryFn: () => (takeEarly(sessionQueryKey) as Promise<Me | null> | undefined) ?? checkSession(),
  staleTime: 5 * 60_000,
});

/** After login, sign-up hand-off or invitation acceptance: the answer is the new session. */
export function sessionStarted(queryClient: QueryClient, session: SessionOut): Me {
  setCsrfToken(session.csrf_token);
  dropEarly();
  const me: Me = {
    user: session.user,
    role: session.role,
    tenant: session.tenant,
    auth: 'session',
  };
  queryClient.setQueryData(sessionEndKey, null);
  queryClient.setQueryData(sessionQueryKey, me);
  return me;
}

/**
 * After logout (or leaving the store): forget the session and everything read with it. The
 * dashboard's session gate then sends the tab to the login page, which shows `notice`.
 */
export function sessionEnded(queryClient: QueryClient, notice: string | null = null): void {
  dropEarly();
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionQueryKey[0] });
  queryClient.setQueryData(sessionEndKey, notice);
  queryClient.setQueryData(sessionQueryKey, null);
}

export function sessionEndNotice(queryClient: QueryClient): string | null {
  return queryClient.getQueryData<string | null>(sessionEndKey) ?? null;
}

export const SessionContext = createContext<Me | null>(null);

/** The logged-in session; only for screens rendered behind the dashboard's session gate. */
export function useSession(): Me {
  const session = use(SessionContext);
  if (!session) throw new Error('useSession() outside a logged-in dashboard');
  return session;
}
