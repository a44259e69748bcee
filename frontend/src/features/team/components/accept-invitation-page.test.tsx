import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeSessionOut } from '@/test/fixtures';
import { fill, renderRoutes, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { AcceptInvitationPage } from './accept-invitation-page';

const routes = [
  { path: '/invite/:token', element: <AcceptInvitationPage /> },
  { path: '/', element: <p>dashboard home</p> },
  { path: '/login', element: <p>login page</p> },
];

async function accept(user: ReturnType<typeof setupUser>) {
  await fill(user, screen.getByRole('textbox', { name: /your name/i }), 'Nia Newcomer');
  await fill(user, screen.getByLabelText(/^password/i), 'a fine new password');
  await user.click(screen.getByRole('button', { name: 'Accept invitation' }));
}

describe('Accept invitation page', () => {
  it('joins the store with the token from the link and lands logged in', async () => {
    const user = setupUser();
    let body: unknown = null;
    server.use(
      http.post('*/api/v1/team/invitations/accept', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(makeSessionOut('member'));
      }),
    );
    renderRoutes(routes, { route: '/invite/tok-abc' });

    await accept(user);

    expect(await screen.findByText('dashboard home')).toBeInTheDocument();
    expect(body).toEqual({
      token: 'tok-abc',
      full_name: 'Nia Newcomer',
      password: 'a fine new password',
    });
  });

  it('explains a used or expired invitation (410)', async () => {
    const user = setupUser();
    server.use(
      http.post('*/api/v1/team/invitations/accept', () =>
        apiError(
          410,
          'invitation_invalid',
          'This invitation link is invalid, expired or already used.',
        ),
      ),
    );
    renderRoutes(routes, { route: '/invite/tok-old' });

    await accept(user);

    expect(
      await screen.findByRole('heading', { name: "This invitation can't be used" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/expired, was revoked, or was already used/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to login' })).toHaveAttribute('href', '/login');
  });

  it('shows password rules from the API on the password field', async () => {
    const user = setupUser();
    server.use(
      http.post('*/api/v1/team/invitations/accept', () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { password: ['This password is too common.'] },
        }),
      ),
    );
    renderRoutes(routes, { route: '/invite/tok' });

    await accept(user);

    expect(await screen.findByText('This password is too common.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^password/i)).toHaveAttribute('aria-invalid', 'true');
  });

  it('asks an existing account for its own password (401)', async () => {
    const user = setupUser();
    server.use(
      http.post('*/api/v1/team/invitations/accept', () =>
        apiError(
          401,
          'invalid_credentials',
          'This email already has an Alva account: enter its password.',
        ),
      ),
    );
    renderRoutes(routes, { route: '/invite/tok' });

    await accept(user);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This email already has an Alva account: enter its password.',
    );
  });
});
