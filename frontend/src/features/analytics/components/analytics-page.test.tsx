import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeMe } from '@/test/fixtures';
import { renderScreen } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { AnalyticsPage } from './analytics-page';

const SUMMARY = {
  from: '2025-01-10',
  to: '2025-01-12',
  deliveries_per_day: [
    { day: '2025-01-10', status: 'Approved', count: 3 },
    { day: '2025-01-10', status: 'Blocked', count: 1 },
    { day: '2025-01-12', status: 'Downloaded', count: 2 },
  ],
  downloads_per_day: [{ day: '2025-01-12', count: 5 }],
  deliveries_total: 6,
  fraud_rate: 0.1667,
  median_minutes_to_first_download: 95,
  top_bundles: [
    { bundle_id: 'b1', name: 'Autumn Presets', deliveries: 4, downloads: 5 },
    { bundle_id: 'b2', name: 'Winter Pack', deliveries: 2, downloads: 0 },
  ],
};

describe('Analytics', () => {
  it('asks for the range in the URL and shows the totals and top bundles', async () => {
    const asked: string[] = [];
    server.use(
      http.get('*/api/v1/analytics/summary', ({ request }) => {
        asked.push(new URL(request.url).search);
        return HttpResponse.json(SUMMARY);
      }),
    );
    renderScreen(<AnalyticsPage />, {
      session: makeMe('member'),
      path: '/analytics',
      route: '/analytics?from=2025-01-10&to=2025-01-12',
    });

    expect(await screen.findByLabelText('Deliveries: 6')).toBeInTheDocument();
    expect(asked).toEqual(['?from=2025-01-10&to=2025-01-12']);
    expect(screen.getByLabelText('Downloads: 5')).toBeInTheDocument();
    expect(screen.getByLabelText('Fraud rate: 16.7%')).toBeInTheDocument();
    expect(screen.getByLabelText('Time to first download: 1 h 35 min')).toBeInTheDocument();
    const top = screen.getByRole('table', { name: 'Top bundles' });
    const [, first, second] = within(top).getAllByRole('row');
    expect(first).toHaveTextContent('Autumn Presets');
    expect(second).toHaveTextContent('Winter Pack');
    expect(screen.getByRole('heading', { name: 'Deliveries per day' })).toBeInTheDocument();
  });

  it('defaults to the last 30 days', async () => {
    const asked: URLSearchParams[] = [];
    server.use(
      http.get('*/api/v1/analytics/summary', ({ request }) => {
        asked.push(new URL(request.url).searchParams);
        return HttpResponse.json({
          ...SUMMARY,
          deliveries_per_day: [],
          downloads_per_day: [],
          deliveries_total: 0,
          top_bundles: [],
        });
      }),
    );
    renderScreen(<AnalyticsPage />, { session: makeMe('member') });

    expect(await screen.findByText('Nothing to chart yet')).toBeInTheDocument();
    const from = new Date(asked[0]?.get('from') ?? '');
    const to = new Date(asked[0]?.get('to') ?? '');
    expect(Math.round((to.getTime() - from.getTime()) / 86_400_000)).toBe(29);
  });

  it('shows the API’s error', async () => {
    server.use(
      http.get('*/api/v1/analytics/summary', () =>
        apiError(422, 'validation_error', 'The range can span at most 366 days.'),
      ),
    );
    renderScreen(<AnalyticsPage />, { session: makeMe('member') });
    await waitFor(() => {
      expect(screen.getByText('Could not load analytics')).toBeInTheDocument();
    });
    expect(screen.getByText('The range can span at most 366 days.')).toBeInTheDocument();
  });
});
