// Render a screen the way the dashboard does: providers, a memory router and (optionally) a session.
import { render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { createMemoryRouter, RouterProvider, type RouteObject } from 'react-router';
import { AppProviders } from '@/components/app-providers';
import type { Me } from '@/lib/api/types';
import { createQueryClient } from '@/lib/query-client';
import { SessionContext } from '@/lib/session';

interface Options {
  /** Where the router starts. */
  route?: string;
  /** The logged-in session the screen sees through useSession(). */
  session?: Me;
  /** Other routes to render around the screen (e.g. where it navigates to). */
  routes?: RouteObject[];
  /** The path pattern of the screen itself. */
  path?: string;
}

export interface Rendered extends RenderResult {
  queryClient: QueryClient;
  router: ReturnType<typeof createMemoryRouter>;
}

function testQueryClient(): QueryClient {
  const client = createQueryClient({ trackSession: true });
  client.setDefaultOptions({
    queries: { ...client.getDefaultOptions().queries, retry: false, gcTime: Infinity },
  });
  return client;
}

export function renderScreen(screen: ReactNode, options: Options = {}): Rendered {
  const { route = '/', session, routes = [], path = '*' } = options;
  const element = session ? <SessionContext value={session}>{screen}</SessionContext> : screen;
  return renderRoutes([{ path, element }, ...routes], { route });
}

export function renderRoutes(
  routes: RouteObject[],
  { route = '/' }: { route?: string } = {},
): Rendered {
  const queryClient = testQueryClient();
  const router = createMemoryRouter(routes, { initialEntries: [route] });
  const result = render(
    <AppProviders queryClient={queryClient} env="test">
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return { ...result, queryClient, router };
}

/** user-event without per-keystroke timers: same events, faster tests. */
export function setupUser() {
  return userEvent.setup({ delay: null });
}

/** Put text into a field in one input event (typing character by character is slow in jsdom). */
export async function fill(user: ReturnType<typeof setupUser>, field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

/** The value, or a failed test when it is missing (rows, list items). */
export function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}
