// A paged list under its filters, in whichever state its query is: a skeleton while the first page
// loads, the error with a retry, the empty block, or the rows with the pager below them (dimmed
// while the next page loads, which keeps the previous one on screen).
import { Anchor, Card, Stack } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ComponentProps, ReactNode } from 'react';
import { Pager } from './pager';
import { EmptyBlock, ErrorState, TableSkeleton } from './query-states';

export function QueryTable<TData extends { count: number }>({
  query,
  loadingLabel,
  loadingRows = 6,
  errorTitle,
  showError = true,
  empty,
  pager,
  children,
}: {
  query: UseQueryResult<TData>;
  /** The skeleton's accessible name: "Loading deliveries". */
  loadingLabel: string;
  loadingRows?: number;
  errorTitle: string;
  /** False when the page shows the error elsewhere already, e.g. on the field that caused it. */
  showError?: boolean;
  /** What a page without rows says. */
  empty: ComponentProps<typeof EmptyBlock>;
  pager: Omit<ComponentProps<typeof Pager>, 'count'>;
  /** The table for a page that has rows. */
  children: (data: TData) => ReactNode;
}) {
  if (query.isPending) {
    return (
      <Card>
        <TableSkeleton label={loadingLabel} rows={loadingRows} />
      </Card>
    );
  }
  if (query.isError) {
    return showError ? (
      <ErrorState title={errorTitle} error={query.error} onRetry={() => void query.refetch()} />
    ) : null;
  }
  if (query.data.count === 0) {
    return (
      <Card>
        <EmptyBlock {...empty} />
      </Card>
    );
  }
  return (
    <Card>
      <Stack gap={0} opacity={query.isPlaceholderData ? 0.6 : 1}>
        {children(query.data)}
        <Pager {...pager} count={query.data.count} />
      </Stack>
    </Card>
  );
}

/** The empty block's way out when the filters, not the store, are why there are no rows. */
export function ClearFiltersLink({ onClick }: { onClick: () => void }) {
  return (
    <Anchor component="button" type="button" fz="sm" onClick={onClick}>
      Clear filters
    </Anchor>
  );
}
