// A date as a table shows it, short ("3 days ago", "12 Jan 2025"), with its exact form on hover.
import { Text, Tooltip } from '@mantine/core';

export function HoverDate({
  shown,
  exact,
  dimmed = true,
}: {
  shown: string;
  exact: string;
  dimmed?: boolean;
}) {
  return (
    <Tooltip label={exact}>
      <Text fz="sm" c={dimmed ? 'dimmed' : undefined} component="span">
        {shown}
      </Text>
    </Tooltip>
  );
}
