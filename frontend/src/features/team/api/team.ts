// The store's people: members, pending invitations, roles, and joining through an invitation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { merchantApi, unwrap } from '@/lib/api/client';
import type { Role } from '@/lib/api/types';
import { sessionQueryKey, sessionStarted } from '@/lib/session';

export const teamQueryKey = ['team'] as const;

export function useTeam() {
  return useQuery({
    queryKey: teamQueryKey,
    queryFn: ({ signal }) => unwrap(merchantApi.GET('/api/v1/team', { signal })),
  });
}

function useTeamMutation<TVariables, TData>(mutationFn: (variables: TVariables) => Promise<TData>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: teamQueryKey }),
  });
}

export function useInvite() {
  return useTeamMutation((body: { email: string; role: Role }) =>
    unwrap(merchantApi.POST('/api/v1/team/invitations', { body })),
  );
}

export function useRevokeInvitation() {
  return useTeamMutation((invitationId: number) =>
    unwrap(
      merchantApi.DELETE('/api/v1/team/invitations/{invitation_id}', {
        params: { path: { invitation_id: invitationId } },
      }),
    ),
  );
}

export function useChangeRole() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: number; role: Role }) =>
      unwrap(
        merchantApi.PATCH('/api/v1/team/members/{user_id}', {
          params: { path: { user_id: userId } },
          body: { role },
        }),
      ),
    onSettled: async () => {
      // Your own role may be the one that changed.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: teamQueryKey }),
        queryClient.invalidateQueries({ queryKey: sessionQueryKey }),
      ]);
    },
  });
}

export function useRemoveMember() {
  return useTeamMutation((userId: number) =>
    unwrap(
      merchantApi.DELETE('/api/v1/team/members/{user_id}', {
        params: { path: { user_id: userId } },
      }),
    ),
  );
}

export function useAcceptInvitation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { token: string; password: string; full_name: string }) =>
      unwrap(merchantApi.POST('/api/v1/team/invitations/accept', { body })),
    onSuccess: (session) => {
      queryClient.removeQueries({ queryKey: teamQueryKey });
      sessionStarted(queryClient, session);
    },
  });
}
