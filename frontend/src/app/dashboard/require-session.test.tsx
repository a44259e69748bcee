import { screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dropEarly, startEarly, takeEarly } from '@/lib/early-requests';
import { createQueryClient } from '@/lib/query-client';
import { queryKeys } from '@/lib/query-keys';
import { sessionQueryKey, sessionStarted, startSessionCheck, useSession } from '@/lib/session';
import { makeMe } from '@/test/fixtures';
import { renderRoutes } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { RequireSession } from './require-session';

const LIST = queryKeys.deliveryList({ page: 1, page_size: 25, sort: '-created_at' });

function Inside() {
  const session = useSession();
  return <p>Signed in as {session.user.email}</p>;
}

function show(route = '/deliveries') {
  return renderRoutes(
    [
      { path: '/login', element: <p>Login page</p> },
      {
        path: '/deliveries',
        element: (
          <RequireSession>
            <Inside />
          </RequireSession>
        ),
      },
    ],
    { route },
  );
}

/** Counts `GET /auth/me` and answers with `answer`. */
function serveMe(answer: () => Response) {
  const asked = { count: 0 };
  server.use(
    http.get('*/api/v1/auth/me', () => {
      asked.count += 1;
      return answer();
    }),
  );
  return asked;
}

afterEach(() => {
  dropEarly();
});

describe('Session gate', () => {
  it('renders at once when the early session check has already answered', async () => {
    const asked = serveMe(() => HttpResponse.json(makeMe('owner')));
    startEarly(sessionQueryKey, () => Promise.resolve(makeMe('owner')));
    // Let the answer arrive.
    await new Promise((resolve) => setTimeout(resolve, 0));

    show();

    // No loading step: the first render is the screen.
    expect(screen.getByText('Signed in as olivia@northern.example')).toBeInTheDocument();
    expect(screen.queryByText('Loading your store…')).not.toBeInTheDocument();
    expect(asked.count).toBe(0);
  });

  it('waits for an early check still on its way instead of asking again', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let asked = 0;
    server.use(
      http.get('*/api/v1/auth/me', async () => {
        asked += 1;
        await held;
        return HttpResponse.json(makeMe('member'));
      }),
    );
    startSessionCheck();
    show();

    expect(screen.getByText('Loading your store…')).toBeInTheDocument();
    await waitFor(() => {
      expect(asked).toBe(1);
    });
    release();
    expect(await screen.findByText('Signed in as olivia@northern.example')).toBeInTheDocument();
    expect(asked).toBe(1);
  });

  it('sends a signed-out tab to login and forgets what was asked for before it knew', async () => {
    serveMe(() => apiError(401, 'not_authenticated', 'Log in or send a valid API key.'));
    startSessionCheck();
    startEarly(LIST, () => Promise.resolve({ items: [], count: 0 }));
    const { router } = show('/deliveries?status=Approved');

    expect(await screen.findByText('Login page')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?next=%2Fdeliveries%3Fstatus%3DApproved');
    expect(screen.queryByText(/Signed in as/)).not.toBeInTheDocument();
    expect(takeEarly(LIST)).toBeUndefined();
  });

  it('never hands an answer asked for before a login to the new session', () => {
    startEarly(LIST, () => Promise.resolve({ items: [], count: 0 }));

    sessionStarted(createQueryClient({ trackSession: true }), {
      ...makeMe('owner'),
      csrf_token: 'rotated',
    });

    expect(takeEarly(LIST)).toBeUndefined();
  });
});
