// Members of the store. Owners change roles and remove people; everyone can leave.
import { Badge, Button, Select, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { errorMessage } from '@/lib/api/errors';
import type { Member, Role } from '@/lib/api/types';
import { formatDate, formatRelative } from '@/lib/format';
import { ROLE_LABELS, ROLES, roleAtLeast } from '@/lib/roles';
import { sessionEnded, useSession } from '@/lib/session';
import { useChangeRole, useRemoveMember } from '../api/team';
import { MemberAvatar } from './member-avatar';
import { HoverDate } from '@/components/hover-date';

const ROLE_COLORS: Record<Role, string> = { owner: 'alva', admin: 'blue', member: 'gray' };

export function RoleBadge({ role }: { role: Role }) {
  return (
    <Badge variant="light" color={ROLE_COLORS[role]} radius="sm">
      {ROLE_LABELS[role]}
    </Badge>
  );
}

function displayName(member: Member) {
  return member.full_name || member.email;
}

export function MembersTable({ members }: { members: Member[] }) {
  const session = useSession();
  const queryClient = useQueryClient();
  const changeRole = useChangeRole();
  const removeMember = useRemoveMember();
  const isOwner = roleAtLeast(session.role, 'owner');
  const storeName = session.tenant.name;

  const applyRole = (member: Member, role: Role) => {
    changeRole.mutate(
      { userId: member.user_id, role },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: `${displayName(member)} is now ${ROLE_LABELS[role].toLowerCase()}.`,
          }),
        onError: (error) =>
          notifications.show({
            color: 'red',
            title: 'Role not changed',
            message: errorMessage(error),
          }),
      },
    );
  };

  const onRoleChange = (member: Member, value: string | null) => {
    const role = value as Role | null;
    if (!role || role === member.role) return;
    if (member.user_id === session.user.id) {
      modals.openConfirmModal({
        title: 'Change your own role?',
        children: (
          <Text fz="sm">
            You will become {ROLE_LABELS[role].toLowerCase()} and can no longer manage the team
            yourself.
          </Text>
        ),
        labels: { confirm: `Make me ${ROLE_LABELS[role].toLowerCase()}`, cancel: 'Cancel' },
        confirmProps: { color: 'red' },
        onConfirm: () => {
          applyRole(member, role);
        },
      });
      return;
    }
    applyRole(member, role);
  };

  const confirmRemove = (member: Member) => {
    const self = member.user_id === session.user.id;
    modals.openConfirmModal({
      title: self ? `Leave ${storeName}?` : `Remove ${displayName(member)}?`,
      children: (
        <Text fz="sm">
          {self
            ? 'You lose access to this store right away. An owner can invite you again later.'
            : `${displayName(member)} loses access to ${storeName} right away, and API keys they created stop working.`}
        </Text>
      ),
      labels: { confirm: self ? 'Leave store' : 'Remove', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        removeMember.mutate(member.user_id, {
          onSuccess: () => {
            if (self) {
              sessionEnded(queryClient, `You left ${storeName}.`);
              return;
            }
            notifications.show({ color: 'teal', message: `${displayName(member)} was removed.` });
          },
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: self ? 'Could not leave the store' : 'Member not removed',
              message: errorMessage(error),
            }),
        });
      },
    });
  };

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Member</Table.Th>
            <Table.Th w={170}>Role</Table.Th>
            <Table.Th w={150}>Joined</Table.Th>
            <Table.Th w={130}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {members.map((member) => {
            const self = member.user_id === session.user.id;
            return (
              <Table.Tr key={member.user_id}>
                <Table.Td>
                  <MemberAvatar name={member.full_name} email={member.email} you={self} />
                </Table.Td>
                <Table.Td>
                  {isOwner ? (
                    <Select
                      aria-label={`Role of ${displayName(member)}`}
                      size="xs"
                      w={130}
                      allowDeselect={false}
                      data={ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }))}
                      value={member.role}
                      onChange={(value) => {
                        onRoleChange(member, value);
                      }}
                      disabled={changeRole.isPending}
                    />
                  ) : (
                    <RoleBadge role={member.role} />
                  )}
                </Table.Td>
                <Table.Td>
                  <HoverDate
                    shown={formatRelative(member.joined_at)}
                    exact={formatDate(member.joined_at)}
                  />
                </Table.Td>
                <Table.Td ta="right">
                  {(self || isOwner) && (
                    <Button
                      size="xs"
                      variant="subtle"
                      color="red"
                      aria-label={self ? 'Leave store' : `Remove ${displayName(member)}`}
                      onClick={() => {
                        confirmRemove(member);
                      }}
                    >
                      {self ? 'Leave' : 'Remove'}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
