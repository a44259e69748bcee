// Settings > API keys: bearer keys for scripts and integrations (admins and owners).
import { Button, Card, Code, Table, Text, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconKey, IconLock, IconPlus } from '@tabler/icons-react';
import { HoverDate } from '@/components/hover-date';
import { PageHeader } from '@/components/page-header';
import { EmptyBlock, ErrorState, TableSkeleton } from '@/components/query-states';
import { errorMessage } from '@/lib/api/errors';
import type { ApiKey } from '@/lib/api/types';
import { formatDateTime, formatRelative } from '@/lib/format';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useApiKeys, useDeleteApiKey } from '../api/api-keys';
import { CreateApiKeyModal } from './create-api-key-modal';

function KeysTable({ keys }: { keys: ApiKey[] }) {
  const remove = useDeleteApiKey();

  const confirmDelete = (key: ApiKey) => {
    modals.openConfirmModal({
      title: `Delete “${key.name}”?`,
      children: (
        <Text fz="sm">
          Anything still using this key is refused from now on. This cannot be undone.
        </Text>
      ),
      labels: { confirm: 'Delete key', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        remove.mutate(key.id, {
          onSuccess: () => notifications.show({ color: 'teal', message: `“${key.name}” deleted.` }),
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Key not deleted',
              message: errorMessage(error),
            }),
        });
      },
    });
  };

  return (
    <Table.ScrollContainer minWidth={720}>
      <Table highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Key</Table.Th>
            <Table.Th>Created by</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th>Last used</Table.Th>
            <Table.Th w={100}>
              <VisuallyHidden>Actions</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keys.map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>
                <Text fz="sm" fw={600}>
                  {key.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Code>alva_{key.prefix}_…</Code>
              </Table.Td>
              <Table.Td>
                <Text fz="sm">{key.created_by}</Text>
              </Table.Td>
              <Table.Td>
                <HoverDate
                  shown={formatRelative(key.created_at)}
                  exact={formatDateTime(key.created_at)}
                />
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c="dimmed">
                  {key.last_used_at ? formatRelative(key.last_used_at) : 'Never'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Button
                  size="xs"
                  variant="subtle"
                  color="red"
                  aria-label={`Delete API key ${key.name}`}
                  onClick={() => {
                    confirmDelete(key);
                  }}
                >
                  Delete
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function ApiKeysPage() {
  const session = useSession();
  const allowed = roleAtLeast(session.role, 'admin');
  const keys = useApiKeys({ enabled: allowed });
  const [createOpen, create] = useDisclosure(false);
  const [createRound, setCreateRound] = useState(0);
  const openCreate = () => {
    setCreateRound((round) => round + 1);
    create.open();
  };

  if (!allowed) {
    return (
      <>
        <PageHeader title="API keys" />
        <Card>
          <EmptyBlock
            icon={<IconLock size={26} aria-hidden />}
            title="Admins only"
            description="API keys can act on everything in this store, so only admins and owners manage them. Ask an owner if you need one."
          />
        </Card>
      </>
    );
  }

  const createButton = (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
      Create API key
    </Button>
  );

  return (
    <>
      <PageHeader
        title="API keys"
        description="Keys let your own scripts and integrations call the Alva API. A key acts as the person who created it, with their current role."
        actions={keys.data && keys.data.length > 0 ? createButton : undefined}
      />
      {keys.isPending ? (
        <Card>
          <TableSkeleton label="Loading API keys" />
        </Card>
      ) : keys.isError ? (
        <ErrorState
          title="Could not load API keys"
          error={keys.error}
          onRetry={() => void keys.refetch()}
        />
      ) : keys.data.length === 0 ? (
        <Card>
          <EmptyBlock
            icon={<IconKey size={26} aria-hidden />}
            title="No API keys yet"
            description="Create a key to connect a script or an integration to your store."
            action={createButton}
          />
        </Card>
      ) : (
        <Card>
          <KeysTable keys={keys.data} />
        </Card>
      )}
      <CreateApiKeyModal key={createRound} opened={createOpen} onClose={create.close} />
    </>
  );
}
