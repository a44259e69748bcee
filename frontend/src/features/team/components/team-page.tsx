// Settings > Team: who works in this store, with which role, and who is invited.
import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { IconMailPlus, IconUserPlus } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import { EmptyBlock, ErrorState, TableSkeleton } from '@/components/query-states';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useTeam } from '../api/team';
import { InvitationsTable } from './invitations-table';
import { InviteMemberModal } from './invite-member-modal';
import { MembersTable } from './members-table';

function SectionTitle({ title, count }: { title: string; count?: number }) {
  return (
    <Group gap="xs" mb="md">
      <Title order={2} fz="lg">
        {title}
      </Title>
      {count !== undefined && (
        <Badge variant="default" radius="sm">
          {count}
        </Badge>
      )}
    </Group>
  );
}

export function TeamPage() {
  const session = useSession();
  const team = useTeam();
  const [inviteOpen, invite] = useDisclosure(false);
  const [inviteRound, setInviteRound] = useState(0);
  const openInvite = () => {
    setInviteRound((round) => round + 1);
    invite.open();
  };
  const isOwner = roleAtLeast(session.role, 'owner');

  return (
    <>
      <PageHeader
        title="Team"
        description={
          isOwner
            ? `Everyone who can work in ${session.tenant.name}. Invite people and choose what they can do.`
            : `Everyone who can work in ${session.tenant.name}. Owners manage the team.`
        }
        actions={
          isOwner && (
            <Button leftSection={<IconUserPlus size={16} aria-hidden />} onClick={openInvite}>
              Invite teammate
            </Button>
          )
        }
      />
      {team.isPending ? (
        <Card>
          <TableSkeleton label="Loading team" rows={3} />
        </Card>
      ) : team.isError ? (
        <ErrorState
          title="Could not load the team"
          error={team.error}
          onRetry={() => void team.refetch()}
        />
      ) : (
        <Stack gap="xl">
          <Card>
            <SectionTitle title="Members" count={team.data.members.length} />
            <MembersTable members={team.data.members} />
          </Card>
          <Card>
            <SectionTitle title="Pending invitations" count={team.data.invitations.length} />
            {team.data.invitations.length === 0 ? (
              <EmptyBlock
                icon={<IconMailPlus size={26} aria-hidden />}
                title="No pending invitations"
                description={
                  isOwner
                    ? 'Invite a teammate to get a one-time link you can send them.'
                    : 'Owners can invite new teammates.'
                }
                action={
                  isOwner && (
                    <Button variant="light" onClick={openInvite}>
                      Invite teammate
                    </Button>
                  )
                }
              />
            ) : (
              <InvitationsTable invitations={team.data.invitations} canManage={isOwner} />
            )}
          </Card>
          {!isOwner && (
            <Text c="dimmed" fz="sm">
              Only owners can invite people, change roles or remove members.
            </Text>
          )}
        </Stack>
      )}
      {isOwner && (
        <InviteMemberModal key={inviteRound} opened={inviteOpen} onClose={invite.close} />
      )}
    </>
  );
}
