// Invitations nobody has accepted yet; owners can revoke them.
import { Button, Table, Text, VisuallyHidden } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { errorMessage } from '@/lib/api/errors';
import type { Invitation } from '@/lib/api/types';
import { formatDate, formatRelative } from '@/lib/format';
import { useRevokeInvitation } from '../api/team';
import { RoleBadge } from './members-table';
import { HoverDate } from '@/components/hover-date';

export function InvitationsTable({
  invitations,
  canManage,
}: {
  invitations: Invitation[];
  canManage: boolean;
}) {
  const revoke = useRevokeInvitation();

  const confirmRevoke = (invitation: Invitation) => {
    modals.openConfirmModal({
      title: 'Revoke this invitation?',
      children: (
        <Text fz="sm">
          The link sent to {invitation.email} stops working. You can invite them again later.
        </Text>
      ),
      labels: { confirm: 'Revoke', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        revoke.mutate(invitation.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              message: `Invitation for ${invitation.email} revoked.`,
            }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Invitation not revoked',
              message: errorMessage(error),
            }),
        });
      },
    });
  };

  return (
    <Table.ScrollContainer minWidth={640}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Email</Table.Th>
            <Table.Th w={170}>Role</Table.Th>
            <Table.Th w={150}>Invited</Table.Th>
            <Table.Th w={150}>Expires</Table.Th>
            {canManage && (
              <Table.Th w={110}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invitations.map((invitation) => (
            <Table.Tr key={invitation.id}>
              <Table.Td>
                <Text fz="sm" fw={500}>
                  {invitation.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <RoleBadge role={invitation.role} />
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c="dimmed">
                  {formatRelative(invitation.created_at)}
                </Text>
              </Table.Td>
              <Table.Td>
                <HoverDate
                  shown={formatRelative(invitation.expires_at)}
                  exact={formatDate(invitation.expires_at)}
                />
              </Table.Td>
              {canManage && (
                <Table.Td ta="right">
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    aria-label={`Revoke invitation for ${invitation.email}`}
                    onClick={() => {
                      confirmRevoke(invitation);
                    }}
                  >
                    Revoke
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
