// Every download of a delivery, newest first, across all its links.
import { Code, Table, Text, Tooltip } from '@mantine/core';
import type { DeliveryToken } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';

export function DownloadsTable({
  tokens,
  compact = false,
}: {
  tokens: Pick<DeliveryToken, 'downloads'>[];
  /** For a narrow panel (the drawer): tighter columns, the user agent cut short with the full text
   * in a tooltip. */
  compact?: boolean;
}) {
  const downloads = tokens
    .flatMap((token) => token.downloads)
    .sort((a, b) => b.created_at.localeCompare(a.created_at));
  if (downloads.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        Nothing downloaded yet.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table
        fz="sm"
        verticalSpacing={6}
        horizontalSpacing={compact ? 'xs' : undefined}
        aria-label="Downloads"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>File</Table.Th>
            <Table.Th>IP</Table.Th>
            <Table.Th>When</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {downloads.map((download) => {
            const userAgent = download.user_agent || 'No user agent';
            const userAgentLine = (
              <Text fz="xs" c="dimmed" lineClamp={1} maw={compact ? 260 : undefined}>
                {userAgent}
              </Text>
            );
            return (
              <Table.Tr key={download.id}>
                <Table.Td>
                  <Text fz="sm" fw={500} style={{ wordBreak: 'break-all' }}>
                    {download.file_name}
                  </Text>
                  {compact ? (
                    <Tooltip label={userAgent} multiline w={320}>
                      {userAgentLine}
                    </Tooltip>
                  ) : (
                    userAgentLine
                  )}
                </Table.Td>
                <Table.Td>
                  <Code>{download.ip ?? 'unknown'}</Code>
                </Table.Td>
                <Table.Td>
                  <Text fz="xs">{formatDateTime(download.created_at)}</Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
