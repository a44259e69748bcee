// One bundle: its webhook URL for Klaviyo, its link policy and its files.
import {
  Alert,
  Anchor,
  Breadcrumbs,
  Button,
  Card,
  Grid,
  Group,
  Menu,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconChevronDown,
  IconInfoCircle,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconTrash,
} from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { CopyField } from '@/components/copy-field';
import { ErrorState, LoadingState } from '@/components/query-states';
import { errorMessage, isApiError } from '@/lib/api/errors';
import type { Bundle } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useBundle, useDeleteBundle, useUpdateBundle } from '../api/bundles';
import { BundleActiveBadge } from './bundle-badges';
import { BundleFiles } from './bundle-files';
import { BundleFormModal } from './bundle-form-modal';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text fz="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
        {label}
      </Text>
      <Text fz="lg" fw={650}>
        {value}
      </Text>
    </div>
  );
}

function BundleActions({ bundle, onEdit }: { bundle: Bundle; onEdit: () => void }) {
  const update = useUpdateBundle();
  const remove = useDeleteBundle();
  const navigate = useNavigate();

  const toggleActive = () => {
    update.mutate(
      { bundleId: bundle.id, body: { active: !bundle.active } },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            message: saved.active
              ? `${saved.name} is active: its webhook accepts deliveries.`
              : `${saved.name} is inactive: its webhook refuses new deliveries.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'Not changed', message: errorMessage(error) }),
      },
    );
  };

  const confirmDelete = () => {
    modals.openConfirmModal({
      title: `Delete ${bundle.name}?`,
      children: (
        <Stack gap="xs">
          <Text fz="sm">
            Its files are removed and its webhook stops working. Klaviyo flows that still call it
            get a 404.
          </Text>
          <Text fz="sm" c="dimmed">
            If customers already received this bundle, Alva keeps it for their download history and
            deactivates it instead.
          </Text>
        </Stack>
      ),
      labels: { confirm: 'Delete bundle', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        remove.mutate(bundle.id, {
          onSuccess: (result) => {
            if (result?.deactivated) {
              notifications.show({
                color: 'yellow',
                title: `${bundle.name} was deactivated, not deleted`,
                message: result.reason,
                autoClose: 12_000,
              });
              return;
            }
            notifications.show({ color: 'teal', message: `${bundle.name} deleted.` });
            void navigate('/bundles');
          },
          onError: (error) =>
            notifications.show({
              color: 'red',
              title: 'Bundle not deleted',
              message: errorMessage(error),
            }),
        });
      },
    });
  };

  return (
    <Group gap="sm">
      <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
        Edit
      </Button>
      <Menu position="bottom-end" shadow="md">
        <Menu.Target>
          <Button
            variant="default"
            rightSection={<IconChevronDown size={14} aria-hidden />}
            loading={update.isPending || remove.isPending}
          >
            More
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            leftSection={
              bundle.active ? (
                <IconPlayerPause size={16} aria-hidden />
              ) : (
                <IconPlayerPlay size={16} aria-hidden />
              )
            }
            onClick={toggleActive}
          >
            {bundle.active ? 'Deactivate' : 'Activate'}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={confirmDelete}
          >
            Delete bundle
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
    </Group>
  );
}

export function BundleDetailPage() {
  const { bundleId = '' } = useParams();
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const bundle = useBundle(bundleId);
  const [editOpen, edit] = useDisclosure(false);
  const [round, setRound] = useState(0);

  if (bundle.isPending) return <LoadingState label="Loading bundle…" />;
  if (bundle.isError) {
    const missing = isApiError(bundle.error) && bundle.error.status === 404;
    return (
      <Stack>
        <ErrorState
          title={missing ? 'This bundle does not exist' : 'Could not load this bundle'}
          error={bundle.error}
          onRetry={missing ? undefined : () => void bundle.refetch()}
        />
        <Anchor component={Link} to="/bundles">
          Back to bundles
        </Anchor>
      </Stack>
    );
  }
  const data = bundle.data;

  return (
    <Stack gap="xl">
      <Stack gap="xs">
        <Breadcrumbs>
          <Anchor component={Link} to="/bundles" fz="sm">
            Bundles
          </Anchor>
          <Text fz="sm" c="dimmed" truncate maw={320}>
            {data.name}
          </Text>
        </Breadcrumbs>
        <Group justify="space-between" align="flex-end" gap="md">
          <Stack gap={4} maw={680}>
            <Group gap="sm">
              <Title order={1} fz={26}>
                {data.name}
              </Title>
              <BundleActiveBadge active={data.active} />
            </Group>
            {data.description && <Text c="dimmed">{data.description}</Text>}
          </Stack>
          {canManage && (
            <BundleActions
              bundle={data}
              onEdit={() => {
                setRound((value) => value + 1);
                edit.open();
              }}
            />
          )}
        </Group>
      </Stack>

      {!data.active && (
        <Alert variant="light" color="yellow" icon={<IconInfoCircle size={18} aria-hidden />}>
          This bundle is inactive: its webhook answers 409 and creates no deliveries.
          {canManage ? ' Activate it from “More” when you are ready.' : ''}
        </Alert>
      )}

      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card h="100%">
            <Title order={2} fz="lg" mb={4}>
              Webhook
            </Title>
            <Text fz="sm" c="dimmed" mb="md">
              In Klaviyo, add a Webhook action to your flow that POSTs to this URL with the header
              and body template from{' '}
              <Anchor component={Link} to="/settings/webhook" fz="sm">
                Webhook configuration
              </Anchor>
              .
            </Text>
            <CopyField label="Webhook URL" value={data.webhook_url} monospace />
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card h="100%">
            <Title order={2} fz="lg" mb="md">
              Each download link
            </Title>
            <SimpleGrid cols={3} spacing="md">
              <Fact
                label="Lifetime"
                value={data.expiry_days === 1 ? '1 day' : `${data.expiry_days} days`}
              />
              <Fact label="Downloads" value={String(data.max_downloads)} />
              <Fact label="Unique IPs" value={String(data.max_unique_ips)} />
            </SimpleGrid>
            <Text fz="xs" c="dimmed" mt="md">
              Created {formatDateTime(data.created_at)} · updated {formatDateTime(data.updated_at)}
            </Text>
          </Card>
        </Grid.Col>
      </Grid>

      <BundleFiles bundle={data} canManage={canManage} />

      {canManage && (
        <BundleFormModal
          key={round}
          opened={editOpen}
          onClose={edit.close}
          bundle={data}
          onSaved={(saved) => {
            edit.close();
            notifications.show({ color: 'teal', message: `${saved.name} saved.` });
          }}
        />
      )}
    </Stack>
  );
}
