// Page controls under a table: "26–50 of 120" and the page buttons.
import { Group, Pagination, Text } from '@mantine/core';
import { formatNumber } from '@/lib/format';

export function Pager({
  page,
  pageSize,
  count,
  onChange,
  label,
}: {
  page: number;
  pageSize: number;
  count: number;
  onChange: (page: number) => void;
  /** What the rows are, for assistive technology: "deliveries". */
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const first = count === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = Math.min(count, page * pageSize);
  return (
    <Group justify="space-between" mt="md" gap="sm">
      <Text fz="sm" c="dimmed" aria-live="polite">
        {count === 0
          ? `No ${label}`
          : `${formatNumber(first)}–${formatNumber(last)} of ${formatNumber(count)} ${label}`}
      </Text>
      {pages > 1 && (
        <Pagination
          total={pages}
          value={Math.min(page, pages)}
          onChange={onChange}
          size="sm"
          getControlProps={(control) => ({
            'aria-label': control === 'previous' ? 'Previous page' : 'Next page',
          })}
          getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
        />
      )}
    </Group>
  );
}
