// Settings > Files: whether bundles may contain programs and scripts.
import { Alert, Card, Group, Skeleton, Switch, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle } from '@tabler/icons-react';
import { PageHeader } from '@/components/page-header';
import { ErrorState } from '@/components/query-states';
import { errorMessage } from '@/lib/api/errors';
import { roleAtLeast } from '@/lib/roles';
import { useSession } from '@/lib/session';
import { useCatalogSettings, useUpdateCatalogSettings } from '../api/bundles';

export function CatalogSettingsCard() {
  const session = useSession();
  const canManage = roleAtLeast(session.role, 'admin');
  const settings = useCatalogSettings();
  const update = useUpdateCatalogSettings();

  return (
    <Card>
      <Title order={2} fz="lg" mb={4}>
        File types
      </Title>
      <Text fz="sm" c="dimmed" mb="md">
        Alva refuses programs and scripts (.exe, .sh, .js, .bat, …) by default, so a compromised
        account cannot hand your customers malware.
      </Text>
      {settings.isPending ? (
        <Skeleton height={40} radius="md" />
      ) : settings.isError ? (
        <ErrorState
          title="Could not load the file settings"
          error={settings.error}
          onRetry={() => void settings.refetch()}
        />
      ) : (
        <Group justify="space-between" wrap="nowrap">
          <Switch
            label="Allow programs and scripts in bundles"
            description="Turn on only if you sell software or scripts."
            checked={update.isPending ? update.variables : settings.data.allow_script_files}
            disabled={!canManage || update.isPending}
            onChange={(event) => {
              update.mutate(event.currentTarget.checked, {
                onSuccess: (saved) =>
                  notifications.show({
                    color: 'teal',
                    message: saved.allow_script_files
                      ? 'Programs and scripts are now accepted.'
                      : 'Programs and scripts are refused again.',
                  }),
                onError: (error) =>
                  notifications.show({
                    color: 'red',
                    title: 'Setting not saved',
                    message: errorMessage(error),
                  }),
              });
            }}
          />
        </Group>
      )}
      {!canManage && (
        <Alert mt="md" variant="light" color="gray" icon={<IconInfoCircle size={18} aria-hidden />}>
          Admins change this setting.
        </Alert>
      )}
    </Card>
  );
}

export function CatalogSettingsPage() {
  return (
    <>
      <PageHeader title="Files" description="Rules for the files your bundles may contain." />
      <CatalogSettingsCard />
    </>
  );
}
