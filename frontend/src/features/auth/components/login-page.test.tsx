import { screen, waitFor } from '@testing-library/react';
import { useQuery } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { sessionQuery } from '@/lib/session';
import { makeMe, makeSessionOut } from '@/test/fixtures';
import { fill, renderRoutes, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { LoginPage, safeNext } from './login-page';

function Home() {
  const session = useQuery(sessionQuery);
  return <p>home of {session.data?.tenant.name ?? 'nobody'}</p>;
}

const routes = [
  { path: '/login', element: <LoginPage /> },
  { path: '/', element: <Home /> },
  { path: '/settings/team', element: <p>team page</p> },
];

function loggedOut() {
  server.use(
    http.get('*/api/v1/auth/me', () =>
      apiError(401, 'not_authenticated', 'Log in or send a valid API key.'),
    ),
  );
}

describe('Login page', () => {
  it('logs in and goes where the person was headed', async () => {
    const user = setupUser();
    let body: unknown = null;
    loggedOut();
    server.use(
      http.post('*/api/v1/auth/login', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(makeSessionOut());
      }),
    );
    renderRoutes(routes, { route: '/login?next=%2Fsettings%2Fteam' });

    await fill(
      user,
      await screen.findByRole('textbox', { name: /email/i }),
      ' olivia@northern.example ',
    );
    await fill(user, screen.getByLabelText(/^password/i), 'secret-password');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByText('team page')).toBeInTheDocument();
    expect(body).toEqual({ email: 'olivia@northern.example', password: 'secret-password' });
  });

  it('says the credentials are wrong', async () => {
    const user = setupUser();
    loggedOut();
    server.use(
      http.post('*/api/v1/auth/login', () =>
        apiError(401, 'invalid_credentials', 'Email or password is incorrect.'),
      ),
    );
    renderRoutes(routes, { route: '/login' });

    await fill(user, await screen.findByRole('textbox', { name: /email/i }), 'o@n.example');
    await fill(user, screen.getByLabelText(/^password/i), 'nope');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect.');
  });

  it('turns a 429 into minutes to wait, from Retry-After', async () => {
    const user = setupUser();
    loggedOut();
    server.use(
      http.post('*/api/v1/auth/login', () =>
        apiError(429, 'too_many_attempts', 'Too many failed logins. Try again later.', {
          headers: { 'Retry-After': '600' },
        }),
      ),
    );
    renderRoutes(routes, { route: '/login' });

    await fill(user, await screen.findByRole('textbox', { name: /email/i }), 'o@n.example');
    await fill(user, screen.getByLabelText(/^password/i), 'nope');
    await user.click(screen.getByRole('button', { name: 'Log in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many attempts, try again in 10 minutes.',
    );
  });

  it('redeems the sign-up hand-off once and lands on the dashboard', async () => {
    const tokens: string[] = [];
    server.use(
      http.post('*/api/v1/auth/handoff', async ({ request }) => {
        tokens.push(((await request.json()) as { token: string }).token);
        return HttpResponse.json(makeSessionOut());
      }),
    );
    window.history.replaceState(null, '', '/login#handoff=tok-123');
    renderRoutes(routes, { route: '/login' });

    expect(await screen.findByText('home of Acme Presets')).toBeInTheDocument();
    expect(tokens).toEqual(['tok-123']);
    expect(window.location.hash).toBe('');
  });

  it('explains an expired hand-off and offers the login form', async () => {
    loggedOut();
    server.use(
      http.post('*/api/v1/auth/handoff', () =>
        apiError(
          410,
          'handoff_invalid',
          'This sign-in link is invalid or has expired. Log in instead.',
        ),
      ),
    );
    window.history.replaceState(null, '', '/login#handoff=old');
    renderRoutes(routes, { route: '/login' });

    expect(
      await screen.findByText(/sign-in link has expired or was already used/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Log in' })).toBeInTheDocument();
  });

  it('sends a logged-in person straight on', async () => {
    server.use(
      http.get('*/api/v1/auth/me', () => {
        return HttpResponse.json(makeMe());
      }),
    );
    renderRoutes(routes, { route: '/login' });
    await waitFor(() => {
      expect(screen.getByText('home of Acme Presets')).toBeInTheDocument();
    });
  });

  it('only follows next= to paths of this app', () => {
    expect(safeNext('/settings/team')).toBe('/settings/team');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
