// Analytics: deliveries per day by status, downloads per day, fraud rate, time to first download
// and the top bundles, for a range of days.
import '@mantine/charts/styles.css';
import { AreaChart, BarChart } from '@mantine/charts';
import {
  Card,
  Grid,
  Group,
  Progress,
  SimpleGrid,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import {
  IconChartBar,
  IconClockHour4,
  IconDownload,
  IconShieldCheck,
  IconTruckDelivery,
} from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { DateRangeInput } from '@/components/date-range-input';
import { DELIVERY_STATUS_COLORS, DELIVERY_STATUSES } from '@/components/delivery-status-badge';
import { PageHeader } from '@/components/page-header';
import { EmptyBlock, ErrorState, LoadingState } from '@/components/query-states';
import type { Analytics } from '@/lib/api/types';
import { formatDay, formatMinutes, formatNumber, formatPercent, isoDay } from '@/lib/format';
import { useAnalytics } from '../api/analytics';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function daysAgo(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() - days);
  return isoDay(date);
}

function presets(): { label: string; value: [string, string] }[] {
  const today = isoDay(new Date());
  return [
    { label: 'Last 7 days', value: [daysAgo(6), today] },
    { label: 'Last 30 days', value: [daysAgo(29), today] },
    { label: 'Last 90 days', value: [daysAgo(89), today] },
    { label: 'Last 365 days', value: [daysAgo(364), today] },
  ];
}

/** Every day of the range, so quiet days show as zero instead of vanishing from the chart. */
function daysBetween(from: string, to: string): string[] {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const day = new Date(fy ?? 1970, (fm ?? 1) - 1, fd ?? 1);
  const end = new Date(ty ?? 1970, (tm ?? 1) - 1, td ?? 1);
  const days: string[] = [];
  while (day <= end && days.length < 400) {
    days.push(isoDay(day));
    day.setDate(day.getDate() + 1);
  }
  return days;
}

function Stat({
  label,
  value,
  hint,
  icon,
  color,
}: {
  label: string;
  value: string;
  hint: string;
  icon: ReactNode;
  color: string;
}) {
  return (
    <Card>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={2}>
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600} style={{ letterSpacing: '0.04em' }}>
            {label}
          </Text>
          <Text fz={28} fw={700} lh={1.2} aria-label={`${label}: ${value}`}>
            {value}
          </Text>
          <Text fz="xs" c="dimmed">
            {hint}
          </Text>
        </Stack>
        <ThemeIcon size={40} radius="md" variant="light" color={color}>
          {icon}
        </ThemeIcon>
      </Group>
    </Card>
  );
}

function Charts({ data }: { data: Analytics }) {
  const days = daysBetween(data.from, data.to);
  const byDay = new Map(days.map((day) => [day, new Map<string, number>()]));
  for (const row of data.deliveries_per_day) {
    byDay.get(row.day)?.set(row.status, (byDay.get(row.day)?.get(row.status) ?? 0) + row.count);
  }
  const present = DELIVERY_STATUSES.filter((status) =>
    data.deliveries_per_day.some((row) => row.status === status),
  );
  const deliveries = days.map((day) => ({
    day: formatDay(day),
    ...Object.fromEntries(present.map((status) => [status, byDay.get(day)?.get(status) ?? 0])),
  }));
  const downloadsByDay = new Map(data.downloads_per_day.map((row) => [row.day, row.count]));
  const downloads = days.map((day) => ({
    day: formatDay(day),
    Downloads: downloadsByDay.get(day) ?? 0,
  }));
  const downloadsTotal = data.downloads_per_day.reduce((sum, row) => sum + row.count, 0);
  const topMax = Math.max(1, ...data.top_bundles.map((bundle) => bundle.deliveries));

  return (
    <Stack gap="xl">
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
        <Stat
          label="Deliveries"
          value={formatNumber(data.deliveries_total)}
          hint="accepted webhook calls, tests not counted"
          icon={<IconTruckDelivery size={20} aria-hidden />}
          color="alva"
        />
        <Stat
          label="Downloads"
          value={formatNumber(downloadsTotal)}
          hint="files downloaded"
          icon={<IconDownload size={20} aria-hidden />}
          color="teal"
        />
        <Stat
          label="Fraud rate"
          value={formatPercent(data.fraud_rate)}
          hint="scored above your approve threshold"
          icon={<IconShieldCheck size={20} aria-hidden />}
          color="red"
        />
        <Stat
          label="Time to first download"
          value={
            data.median_minutes_to_first_download === null
              ? '—'
              : formatMinutes(data.median_minutes_to_first_download)
          }
          hint="median, from delivery to first file"
          icon={<IconClockHour4 size={20} aria-hidden />}
          color="blue"
        />
      </SimpleGrid>
      <Card>
        <Title order={2} fz="lg" mb="md">
          Deliveries per day
        </Title>
        {present.length === 0 ? (
          <Text fz="sm" c="dimmed" py="xl" ta="center">
            No deliveries in this range.
          </Text>
        ) : (
          <BarChart
            h={300}
            data={deliveries}
            dataKey="day"
            type="stacked"
            withLegend
            series={present.map((status) => ({
              name: status,
              color: `${DELIVERY_STATUS_COLORS[status]}.6`,
            }))}
            tickLine="y"
            aria-label="Deliveries per day by status"
          />
        )}
      </Card>
      <Grid gap="xl">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Card h="100%">
            <Title order={2} fz="lg" mb="md">
              Downloads per day
            </Title>
            {downloadsTotal === 0 ? (
              <Text fz="sm" c="dimmed" py="xl" ta="center">
                No downloads in this range.
              </Text>
            ) : (
              <AreaChart
                h={260}
                data={downloads}
                dataKey="day"
                series={[{ name: 'Downloads', color: 'teal.6' }]}
                curveType="monotone"
                tickLine="y"
                aria-label="Downloads per day"
              />
            )}
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Card h="100%">
            <Title order={2} fz="lg" mb="md">
              Top bundles
            </Title>
            {data.top_bundles.length === 0 ? (
              <Text fz="sm" c="dimmed" py="xl" ta="center">
                No bundle was delivered in this range.
              </Text>
            ) : (
              <Table aria-label="Top bundles" verticalSpacing={8}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Bundle</Table.Th>
                    <Table.Th w={90} ta="right">
                      Deliveries
                    </Table.Th>
                    <Table.Th w={90} ta="right">
                      Downloads
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.top_bundles.map((bundle) => (
                    <Table.Tr key={bundle.bundle_id}>
                      <Table.Td>
                        <Text fz="sm" fw={500} truncate maw={220}>
                          {bundle.name}
                        </Text>
                        <Progress
                          value={(bundle.deliveries / topMax) * 100}
                          size="xs"
                          mt={4}
                          aria-hidden
                        />
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text fz="sm">{formatNumber(bundle.deliveries)}</Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text fz="sm">{formatNumber(bundle.downloads)}</Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

export function AnalyticsPage() {
  const [params, setParams] = useSearchParams();
  const fromParam = params.get('from');
  const toParam = params.get('to');
  const from = fromParam && DAY.test(fromParam) ? fromParam : daysAgo(29);
  const to = toParam && DAY.test(toParam) ? toParam : isoDay(new Date());
  const analytics = useAnalytics(from, to);

  return (
    <>
      <PageHeader
        title="Analytics"
        description="How your deliveries perform: volume, downloads, fraud and speed."
        actions={
          <DateRangeInput
            label="Range"
            from={from}
            to={to}
            clearable={false}
            presets={presets()}
            onChange={(start, end) => {
              if (!start || !end) return;
              setParams({ from: start, to: end }, { replace: true });
            }}
          />
        }
      />
      {analytics.isPending ? (
        <LoadingState label="Loading analytics…" />
      ) : analytics.isError ? (
        <ErrorState
          title="Could not load analytics"
          error={analytics.error}
          onRetry={() => void analytics.refetch()}
        />
      ) : analytics.data.deliveries_total === 0 && analytics.data.downloads_per_day.length === 0 ? (
        <Card>
          <EmptyBlock
            icon={<IconChartBar size={26} aria-hidden />}
            title="Nothing to chart yet"
            description="No deliveries in this range. Charts fill in as your Klaviyo flows deliver."
          />
        </Card>
      ) : (
        <Stack opacity={analytics.isPlaceholderData ? 0.6 : 1}>
          <Charts data={analytics.data} />
        </Stack>
      )}
    </>
  );
}
