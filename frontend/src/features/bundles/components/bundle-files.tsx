// A bundle's files: drop files to upload them straight to storage (a progress bar each), follow
// them to "ready", and reorder, rename or delete them.
import {
  ActionIcon,
  Alert,
  Button,
  Card,
  Group,
  Modal,
  Progress,
  Stack,
  Table,
  Text,
  TextInput,
  ThemeIcon,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { Dropzone } from '@mantine/dropzone';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconAlertCircle,
  IconArrowDown,
  IconArrowUp,
  IconCloudUpload,
  IconFile,
  IconPencil,
  IconRefresh,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useRef, useState } from 'react';
import { errorMessage, isApiError } from '@/lib/api/errors';
import type { Bundle, BundleFile } from '@/lib/api/types';
import { formatBytes } from '@/lib/format';
import { applyApiErrors } from '@/lib/forms';
import { useDeleteFile, useRenameFile, useReorderFiles } from '../api/bundles';
import { useUploads, type UploadItem } from '../api/uploads';
import { FileStateBadge } from './bundle-badges';

export const MAX_FILE_BYTES = 5 * 1024 * 1024 * 1024;

function percent(item: UploadItem): number {
  return item.size === 0 ? 100 : Math.round((item.loaded / item.size) * 100);
}

function phaseLabel(item: UploadItem): string {
  switch (item.phase) {
    case 'queued':
      return 'Waiting to upload';
    case 'starting':
      return 'Preparing upload';
    case 'uploading':
      return item.method === 'MULTIPART'
        ? `Uploading · part ${Math.min(item.partsDone + 1, item.partsTotal)} of ${item.partsTotal}`
        : 'Uploading';
    case 'completing':
      return 'Finishing';
    case 'done':
      return 'Uploaded';
    case 'failed':
      return 'Upload failed';
  }
}

function UploadProgress({
  item,
  onRetry,
  onDismiss,
}: {
  item: UploadItem;
  onRetry: () => void;
  onDismiss: () => void;
}) {
  const failed = item.phase === 'failed';
  return (
    <Stack gap={4} mt={6}>
      <Progress
        value={percent(item)}
        size="sm"
        radius="xl"
        color={failed ? 'red' : undefined}
        animated={!failed && item.phase !== 'queued'}
        aria-label={`Upload progress of ${item.name}`}
      />
      <Group gap="xs" justify="space-between" wrap="nowrap">
        <Text fz="xs" c={failed ? 'red' : 'dimmed'} aria-live="polite">
          {failed ? (item.error ?? 'Upload failed') : phaseLabel(item)} · {formatBytes(item.loaded)}{' '}
          of {formatBytes(item.size)} ({percent(item)}%)
        </Text>
        {failed && (
          <Group gap={4} wrap="nowrap">
            {item.retryable && (
              <Button
                size="compact-xs"
                variant="light"
                color="red"
                leftSection={<IconRefresh size={12} aria-hidden />}
                onClick={onRetry}
                aria-label={`Retry upload of ${item.name}`}
              >
                Retry
              </Button>
            )}
            <Button
              size="compact-xs"
              variant="subtle"
              color="gray"
              onClick={onDismiss}
              aria-label={`Dismiss upload of ${item.name}`}
            >
              Dismiss
            </Button>
          </Group>
        )}
      </Group>
    </Stack>
  );
}

function RenameFileModal({
  bundleId,
  file,
  onClose,
}: {
  bundleId: string;
  file: BundleFile | null;
  onClose: () => void;
}) {
  const rename = useRenameFile(bundleId);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { filename: file?.filename ?? '' },
    validate: {
      filename: (value) => (value.trim() === '' ? 'Enter a file name.' : null),
    },
  });
  const onSubmit = form.onSubmit((values) => {
    if (!file) return;
    setFormError(null);
    rename.mutate(
      { fileId: file.id, filename: values.filename.trim() },
      {
        onSuccess: (renamed) => {
          notifications.show({ color: 'teal', message: `Renamed to ${renamed.filename}.` });
          onClose();
        },
        onError: (error) => {
          setFormError(applyApiErrors(form, error));
        },
      },
    );
  });
  return (
    <Modal opened={file !== null} onClose={onClose} title="Rename file">
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {formError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} aria-hidden />}>
              {formError}
            </Alert>
          )}
          <TextInput
            label="File name"
            description="Customers download the file under this name."
            data-autofocus
            key={form.key('filename')}
            {...form.getInputProps('filename')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={rename.isPending}>
              Rename
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function BundleFiles({ bundle, canManage }: { bundle: Bundle; canManage: boolean }) {
  const uploads = useUploads(bundle.id);
  const reorder = useReorderFiles(bundle.id);
  const remove = useDeleteFile(bundle.id);
  const [renaming, setRenaming] = useState<BundleFile | null>(null);
  const [renameRound, setRenameRound] = useState(0);
  const openRef = useRef<() => void>(null);
  const files = [...bundle.files].sort((a, b) => a.position - b.position);
  const byFileId = new Map(
    uploads.items.filter((item) => item.fileId).map((item) => [item.fileId, item]),
  );
  // Uploads whose file the list does not show yet (starting, or refused before it existed).
  const shown = new Set(files.map((file) => file.id));
  const loose = uploads.items.filter((item) => !item.fileId || !shown.has(item.fileId));
  const totalBytes = files.reduce((sum, file) => sum + file.size, 0);

  const move = (index: number, offset: number) => {
    const order = files.map((file) => file.id);
    const [moved] = order.splice(index, 1);
    if (!moved) return;
    order.splice(index + offset, 0, moved);
    reorder.mutate(order, {
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: 'Order not saved',
          message: errorMessage(error),
        }),
    });
  };

  const confirmDelete = (file: BundleFile) => {
    modals.openConfirmModal({
      title: `Delete ${file.filename}?`,
      children: (
        <Text fz="sm">
          New deliveries of {bundle.name} will not include it. Links already sent stop offering it.
        </Text>
      ),
      labels: { confirm: 'Delete file', cancel: 'Cancel' },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        remove.mutate(file.id, {
          onSuccess: () => {
            uploads.forgetFile(file.id);
            notifications.show({ color: 'teal', message: `${file.filename} deleted.` });
          },
          onError: (error) => {
            const kept = isApiError(error) && error.code === 'file_has_downloads';
            notifications.show({
              color: kept ? 'yellow' : 'red',
              title: kept ? `${file.filename} was kept` : 'File not deleted',
              message: errorMessage(error),
              autoClose: kept ? 12_000 : undefined,
            });
          },
        });
      },
    });
  };

  return (
    <Card>
      <Group justify="space-between" mb="md">
        <div>
          <Title order={2} fz="lg">
            Files
          </Title>
          <Text fz="sm" c="dimmed">
            {files.length === 0
              ? 'Customers receive every ready file, in this order.'
              : `${files.length} ${files.length === 1 ? 'file' : 'files'} · ${formatBytes(totalBytes)} · customers see them in this order`}
          </Text>
        </div>
        {canManage && (
          <Button
            variant="light"
            leftSection={<IconCloudUpload size={16} aria-hidden />}
            onClick={() => openRef.current?.()}
          >
            Choose files
          </Button>
        )}
      </Group>

      {canManage && (
        <Dropzone
          onDrop={uploads.add}
          onReject={(rejections) => {
            for (const rejection of rejections) {
              notifications.show({
                color: 'red',
                title: `${rejection.file.name} was not added`,
                message: rejection.errors.some((e) => e.code === 'file-too-large')
                  ? `Files can be at most ${formatBytes(MAX_FILE_BYTES)}.`
                  : rejection.errors.map((e) => e.message).join(' '),
              });
            }
          }}
          maxSize={MAX_FILE_BYTES}
          multiple
          openRef={openRef}
          useFsAccessApi={false}
          inputProps={{ 'aria-label': 'Upload files' }}
          mb="md"
          radius="md"
        >
          <Group justify="center" gap="md" mih={110} style={{ pointerEvents: 'none' }}>
            <Dropzone.Accept>
              <ThemeIcon size={48} radius="xl" variant="light" color="alva">
                <IconCloudUpload size={26} aria-hidden />
              </ThemeIcon>
            </Dropzone.Accept>
            <Dropzone.Reject>
              <ThemeIcon size={48} radius="xl" variant="light" color="red">
                <IconX size={26} aria-hidden />
              </ThemeIcon>
            </Dropzone.Reject>
            <Dropzone.Idle>
              <ThemeIcon size={48} radius="xl" variant="light" color="gray">
                <IconCloudUpload size={26} aria-hidden />
              </ThemeIcon>
            </Dropzone.Idle>
            <div>
              <Text fw={600}>Drop files here, or click to choose</Text>
              <Text fz="sm" c="dimmed">
                Up to {formatBytes(MAX_FILE_BYTES)} each. Files go straight to secure storage.
              </Text>
            </div>
          </Group>
        </Dropzone>
      )}

      {loose.length > 0 && (
        <Stack gap="sm" mb="md" aria-label="Uploads">
          {loose.map((item) => (
            <Card key={item.key} withBorder padding="sm" radius="md">
              <Group gap="xs" wrap="nowrap">
                <IconFile size={16} aria-hidden />
                <Text fz="sm" fw={600} truncate>
                  {item.name}
                </Text>
              </Group>
              <UploadProgress
                item={item}
                onRetry={() => {
                  uploads.retry(item.key);
                }}
                onDismiss={() => {
                  uploads.dismiss(item.key);
                }}
              />
            </Card>
          ))}
        </Stack>
      )}

      {files.length === 0 && loose.length === 0 ? (
        <Text fz="sm" c="dimmed" ta="center" py="md">
          {canManage ? 'No files yet: drop the first ones above.' : 'No files yet.'}
        </Text>
      ) : files.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                {canManage && (
                  <Table.Th w={84}>
                    <VisuallyHidden>Order</VisuallyHidden>
                  </Table.Th>
                )}
                <Table.Th>File</Table.Th>
                <Table.Th w={110}>Size</Table.Th>
                <Table.Th w={120}>State</Table.Th>
                {canManage && (
                  <Table.Th w={90}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                )}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {files.map((file, index) => {
                const upload = byFileId.get(file.id);
                return (
                  <Table.Tr key={file.id} data-testid="file-row">
                    {canManage && (
                      <Table.Td>
                        <Group gap={2} wrap="nowrap">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            disabled={index === 0 || reorder.isPending}
                            aria-label={`Move ${file.filename} up`}
                            onClick={() => {
                              move(index, -1);
                            }}
                          >
                            <IconArrowUp size={16} aria-hidden />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            disabled={index === files.length - 1 || reorder.isPending}
                            aria-label={`Move ${file.filename} down`}
                            onClick={() => {
                              move(index, 1);
                            }}
                          >
                            <IconArrowDown size={16} aria-hidden />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                    <Table.Td>
                      <Text fz="sm" fw={600} style={{ wordBreak: 'break-all' }}>
                        {file.filename}
                      </Text>
                      <Text fz="xs" c="dimmed">
                        {file.category.toLowerCase()} · {file.content_type}
                        {file.sha256 && (
                          <>
                            {' '}
                            · SHA-256{' '}
                            <Tooltip label={file.sha256}>
                              <span>{file.sha256.slice(0, 12)}…</span>
                            </Tooltip>
                          </>
                        )}
                      </Text>
                      {upload && (
                        <UploadProgress
                          item={upload}
                          onRetry={() => {
                            uploads.retry(upload.key);
                          }}
                          onDismiss={() => {
                            uploads.dismiss(upload.key);
                          }}
                        />
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text fz="sm" c="dimmed">
                        {formatBytes(file.size)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <FileStateBadge state={file.state} />
                    </Table.Td>
                    {canManage && (
                      <Table.Td>
                        <Group gap={2} wrap="nowrap" justify="flex-end">
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            aria-label={`Rename ${file.filename}`}
                            onClick={() => {
                              setRenameRound((round) => round + 1);
                              setRenaming(file);
                            }}
                          >
                            <IconPencil size={16} aria-hidden />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Delete ${file.filename}`}
                            onClick={() => {
                              confirmDelete(file);
                            }}
                          >
                            <IconTrash size={16} aria-hidden />
                          </ActionIcon>
                        </Group>
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {canManage && (
        <RenameFileModal
          key={renameRound}
          bundleId={bundle.id}
          file={renaming}
          onClose={() => {
            setRenaming(null);
          }}
        />
      )}
    </Card>
  );
}
