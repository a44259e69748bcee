// Bundles: what the store delivers, each with its own webhook. Admins create and change them.
import { Anchor, Button, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPackage, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { HoverDate } from '@/components/hover-date';
import { PageHeader } from '@/components/page-header';
import { QueryTable } from '@/components/query-table';
import type { Bundle } from '@/lib/api/types';
import { formatDate, formatRelative } from '@/lib/format';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { BUNDLES_PAGE_SIZE, useBundles } from '../api/bundles';
import { BundleActiveBadge, FileCounts, policySummary } from './bundle-badges';
import { BundleFormModal } from './bundle-form-modal';

function BundlesTable({ bundles }: { bundles: Bundle[] }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Bundle</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th w={220}>Files</Table.Th>
            <Table.Th w={230}>Each link</Table.Th>
            <Table.Th w={130}>Created</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {bundles.map((bundle) => (
            <Table.Tr key={bundle.id}>
              <Table.Td>
                <Anchor component={Link} to={`/bundles/${bundle.id}`} fw={600} fz="sm">
                  {bundle.name}
                </Anchor>
                {bundle.description && (
                  <Text fz="xs" c="dimmed" lineClamp={1} maw={360}>
                    {bundle.description}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <BundleActiveBadge active={bundle.active} />
              </Table.Td>
              <Table.Td>
                <FileCounts bundle={bundle} />
              </Table.Td>
              <Table.Td>
                <Text fz="sm" c="dimmed">
                  {policySummary(bundle)}
                </Text>
              </Table.Td>
              <Table.Td>
                <HoverDate
                  shown={formatRelative(bundle.created_at)}
                  exact={formatDate(bundle.created_at)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function BundlesPage() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const [page, setPage] = useState(1);
  const bundles = useBundles(page);
  const navigate = useNavigate();
  const [createOpen, create] = useDisclosure(false);
  const [round, setRound] = useState(0);
  const openCreate = () => {
    setRound((value) => value + 1);
    create.open();
  };

  const newButton = canManage && (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={openCreate}>
      New bundle
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Bundles"
        description="The files you deliver together. Each bundle has its own webhook URL for your Klaviyo flow and its own link limits."
        actions={bundles.data && bundles.data.count > 0 ? newButton : undefined}
      />
      <QueryTable
        query={bundles}
        loadingLabel="Loading bundles"
        loadingRows={4}
        errorTitle="Could not load bundles"
        empty={{
          icon: <IconPackage size={26} aria-hidden />,
          title: 'No bundles yet',
          description: canManage
            ? 'Create a bundle, upload its files, then paste its webhook URL into a Klaviyo flow.'
            : 'Admins create bundles and upload their files.',
          action: newButton,
        }}
        pager={{ page, pageSize: BUNDLES_PAGE_SIZE, onChange: setPage, label: 'bundles' }}
      >
        {(data) => <BundlesTable bundles={data.items} />}
      </QueryTable>
      {canManage && (
        <BundleFormModal
          key={round}
          opened={createOpen}
          onClose={create.close}
          onSaved={(bundle) => {
            create.close();
            void navigate(`/bundles/${bundle.id}`);
          }}
        />
      )}
    </>
  );
}
