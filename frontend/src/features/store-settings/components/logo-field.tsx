// The download page's logo: chosen here, sent straight to storage with a presigned PUT (progress
// shown), confirmed by the API, shown at once. Saved on its own, not with the form's Save button.
import { Box, Button, FileButton, Group, Image, Progress, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhotoOff, IconTrash, IconUpload } from '@tabler/icons-react';
import { useRef, useState } from 'react';
import {
  LOGO_TYPES,
  logoErrorMessage,
  logoFileProblem,
  type LogoPhase,
  useRemoveLogo,
  useUploadLogo,
} from '../api/store-settings';

const PHASE_LABELS: Record<Exclude<LogoPhase, 'idle'>, string> = {
  starting: 'Preparing the upload…',
  uploading: 'Uploading…',
  confirming: 'Checking the image…',
};

export function LogoField({ logoUrl, canManage }: { logoUrl: string | null; canManage: boolean }) {
  const upload = useUploadLogo();
  const remove = useRemoveLogo();
  const [error, setError] = useState<string | null>(null);
  const [fileSize, setFileSize] = useState(0);
  const resetRef = useRef<() => void>(null);

  const onFile = (file: File | null) => {
    // The same file can be picked again after a failure.
    resetRef.current?.();
    if (!file) return;
    setError(null);
    const problem = logoFileProblem(file);
    if (problem) {
      setError(problem);
      return;
    }
    setFileSize(file.size);
    upload.mutate(file, {
      onSuccess: () => {
        notifications.show({
          color: 'teal',
          message: 'Logo uploaded: the download page shows it.',
        });
      },
      onError: (failure) => {
        setError(logoErrorMessage(failure));
      },
    });
  };

  const onRemove = () => {
    setError(null);
    remove.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: 'Logo removed.' });
      },
      onError: (failure) => {
        setError(logoErrorMessage(failure));
      },
    });
  };

  const busy = upload.phase !== 'idle';
  const percent = fileSize > 0 ? Math.round((upload.loaded / fileSize) * 100) : 0;

  return (
    <Stack gap={6}>
      <div>
        <Text fz="sm" fw={500}>
          Logo
        </Text>
        <Text fz="xs" c="dimmed">
          PNG, JPEG or WebP, at most 1 MB. Shown at the top of the page beside your store name, and
          saved as soon as it is uploaded.
        </Text>
      </div>
      <Group gap="sm" align="center">
        <Box
          w={96}
          h={56}
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            border: '1px dashed var(--mantine-color-gray-4)',
            borderRadius: 8,
            background: 'white',
          }}
        >
          {logoUrl ? (
            <Image src={logoUrl} alt="Current logo" mah={48} maw={88} fit="contain" />
          ) : (
            <IconPhotoOff size={20} color="var(--mantine-color-gray-5)" aria-label="No logo" />
          )}
        </Box>
        {canManage && (
          <>
            <FileButton
              onChange={onFile}
              accept={LOGO_TYPES.join(',')}
              resetRef={resetRef}
              inputProps={{ 'aria-label': 'Logo file' }}
            >
              {(props) => (
                <Button
                  {...props}
                  variant="default"
                  size="xs"
                  leftSection={<IconUpload size={14} aria-hidden />}
                  loading={busy}
                  disabled={remove.isPending}
                >
                  {logoUrl ? 'Replace logo' : 'Upload logo'}
                </Button>
              )}
            </FileButton>
            {logoUrl && (
              <Button
                variant="subtle"
                color="red"
                size="xs"
                leftSection={<IconTrash size={14} aria-hidden />}
                onClick={onRemove}
                loading={remove.isPending}
                disabled={busy}
              >
                Remove logo
              </Button>
            )}
          </>
        )}
      </Group>
      {upload.phase !== 'idle' && (
        <Stack gap={4} maw={320}>
          <Progress value={percent} aria-label="Logo upload progress" size="sm" />
          <Text fz="xs" c="dimmed" aria-live="polite">
            {PHASE_LABELS[upload.phase]}
          </Text>
        </Stack>
      )}
      {error && (
        <Text fz="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
