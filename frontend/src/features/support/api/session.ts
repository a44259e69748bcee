// Who is signed in to the support console: `GET /auth/me` decides (403 means nobody); signing in
// takes a password and a TOTP code, or the first-time setup of an authenticator.
import { queryOptions, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, use } from 'react';
import { isApiError } from '@/lib/api/errors';
import { setSupportCsrfToken, supportApi, unwrap } from './client';
import type { StaffSessionOut, StaffUser } from './types';

export const staffSessionKey = ['support', 'session'] as const;
// Why the last session ended ("You are signed out."), for the sign-in page.
const sessionEndKey = ['support', 'session-end-notice'] as const;

/** The support API answers 403 `forbidden` to anyone but signed-in staff: the session is gone. */
export function isSessionGone(error: unknown): boolean {
  return isApiError(error) && (error.status === 401 || error.code === 'forbidden');
}

/** `null` means nobody is signed in. */
export const staffSessionQuery = queryOptions({
  queryKey: staffSessionKey,
  queryFn: async (): Promise<StaffUser | null> => {
    try {
      return await unwrap(supportApi.GET('/api/support/v1/auth/me'));
    } catch (error) {
      if (isSessionGone(error)) return null;
      throw error;
    }
  },
  staleTime: 5 * 60_000,
});

/** After password + code (or the first code of a new authenticator): the answer is the session. */
export function staffSessionStarted(queryClient: QueryClient, session: StaffSessionOut): StaffUser {
  setSupportCsrfToken(session.csrf_token);
  const user: StaffUser = { id: session.user.id, email: session.user.email };
  // Nothing read by whoever used this tab before stays around.
  queryClient.removeQueries({ predicate: (query) => query.queryKey[1] !== staffSessionKey[1] });
  queryClient.setQueryData(sessionEndKey, null);
  queryClient.setQueryData(staffSessionKey, user);
  return user;
}

/** After sign-out or an expired session: the console's gate sends the tab to the sign-in page. */
export function staffSessionEnded(queryClient: QueryClient, notice: string | null): void {
  queryClient.setQueryData(sessionEndKey, notice);
  queryClient.setQueryData(staffSessionKey, null);
}

export function staffSessionEndNotice(queryClient: QueryClient): string | null {
  return queryClient.getQueryData<string | null>(sessionEndKey) ?? null;
}

/**
 * Any answer saying the session is gone (it lasts one working day; staff rights can be revoked)
 * ends it in this tab too. Returns the unsubscribe function.
 */
export function trackStaffSession(queryClient: QueryClient): () => void {
  const onError = (error: unknown) => {
    if (isSessionGone(error) && queryClient.getQueryData(staffSessionKey)) {
      staffSessionEnded(queryClient, 'Your session has ended. Sign in again.');
    }
  };
  const queries = queryClient.getQueryCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
  });
  const mutations = queryClient.getMutationCache().subscribe((event) => {
    if (event.type === 'updated' && event.action.type === 'error') onError(event.action.error);
  });
  return () => {
    queries();
    mutations();
  };
}

export interface Credentials {
  email: string;
  password: string;
}

export function useStaffLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Credentials & { totp: string }) =>
      unwrap(supportApi.POST('/api/support/v1/auth/login', { body })),
    onSuccess: (session) => staffSessionStarted(queryClient, session),
  });
}

export function useTotpSetup() {
  return useMutation({
    mutationFn: (body: Credentials) =>
      unwrap(supportApi.POST('/api/support/v1/auth/totp/setup', { body })),
  });
}

export function useTotpConfirm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      unwrap(supportApi.POST('/api/support/v1/auth/totp/confirm', { body: { code } })),
    onSuccess: (session) => staffSessionStarted(queryClient, session),
  });
}

export function useStaffLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(supportApi.POST('/api/support/v1/auth/logout')),
    // Whatever the answer (even 403: the session was already gone), this tab is signed out.
    onSettled: () => {
      setSupportCsrfToken(null);
      staffSessionEnded(queryClient, 'You are signed out.');
    },
  });
}

export const StaffSessionContext = createContext<StaffUser | null>(null);

/** The signed-in staff member; only for screens behind the console's session gate. */
export function useStaffSession(): StaffUser {
  const session = use(StaffSessionContext);
  if (!session) throw new Error('useStaffSession() outside a signed-in support console');
  return session;
}

/** The secret inside an otpauth:// URI, for people who type it into their authenticator. */
export function totpSecretOf(provisioningUri: string): string | null {
  try {
    return new URL(provisioningUri).searchParams.get('secret');
  } catch {
    return null;
  }
}
