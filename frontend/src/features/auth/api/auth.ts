// Opening and closing a session on this store: password login, sign-up hand-off, logout.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import { sessionEnded, sessionStarted } from '@/lib/session';

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      unwrap(merchantApi.POST('/api/v1/auth/login', { body })),
    onSuccess: (session) => sessionStarted(queryClient, session),
  });
}

export function useHandoff() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: string) =>
      unwrap(merchantApi.POST('/api/v1/auth/handoff', { body: { token } })),
    onSuccess: (session) => sessionStarted(queryClient, session),
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(merchantApi.POST('/api/v1/auth/logout')),
    // Whatever the answer (even 401: the session was already gone), this tab is logged out.
    onSettled: () => {
      sessionEnded(queryClient, 'You are logged out.');
    },
  });
}
