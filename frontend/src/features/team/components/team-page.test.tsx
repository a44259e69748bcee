import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Team } from '@/lib/api/types';
import { sessionEndNotice, sessionQueryKey } from '@/lib/session';
import { makeInvitation, makeMe, makeMember } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { TeamPage } from './team-page';

const owner = makeMember();
const admin = makeMember({
  user_id: 2,
  email: 'adam@northern.example',
  full_name: 'Adam Admin',
  role: 'admin',
});
const member = makeMember({
  user_id: 3,
  email: 'mia@northern.example',
  full_name: '',
  role: 'member',
});

function serveTeam(team: Team) {
  server.use(http.get('*/api/v1/team', () => HttpResponse.json(team)));
}

describe('Team page', () => {
  it('shows members and pending invitations, with every owner action', async () => {
    serveTeam({ members: [owner, admin, member], invitations: [makeInvitation()] });
    renderScreen(<TeamPage />, { session: makeMe('owner') });

    expect(await screen.findByText('Adam Admin')).toBeInTheDocument();
    expect(screen.getByText('mia@northern.example')).toBeInTheDocument();
    expect(screen.getByText('(you)')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Invite teammate' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Role of Adam Admin' })).toHaveValue('Admin');
    expect(screen.getByRole('button', { name: 'Remove Adam Admin' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Leave store' })).toBeInTheDocument();
    expect(screen.getByText('new.person@northern.example')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Revoke invitation for new.person@northern.example' }),
    ).toBeInTheDocument();
  });

  it('hides what a member cannot do', async () => {
    serveTeam({ members: [owner, admin, member], invitations: [makeInvitation()] });
    renderScreen(<TeamPage />, {
      session: makeMe('member', { user: { id: 3, email: member.email, full_name: '' } }),
    });

    expect(await screen.findByText('Adam Admin')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Invite teammate' })).not.toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: /Role of/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Revoke/ })).not.toBeInTheDocument();
    // Everyone may leave.
    expect(screen.getByRole('button', { name: 'Leave store' })).toBeInTheDocument();
    expect(screen.getAllByText('Owner').length).toBeGreaterThan(0);
  });

  it('admins cannot manage the team either', async () => {
    serveTeam({ members: [owner, admin], invitations: [] });
    renderScreen(<TeamPage />, {
      session: makeMe('admin', { user: { id: 2, email: admin.email, full_name: admin.full_name } }),
    });

    expect(await screen.findByText('No pending invitations')).toBeInTheDocument();
    expect(screen.getByText('Owners can invite new teammates.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Invite teammate' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove Olivia Owner' })).not.toBeInTheDocument();
  });

  it('invites someone and shows the one-time link with a copy button', async () => {
    const user = setupUser();
    let body: unknown = null;
    serveTeam({ members: [owner], invitations: [] });
    server.use(
      http.post('*/api/v1/team/invitations', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          {
            ...makeInvitation({ email: 'ada@northern.example', role: 'admin' }),
            invite_url: 'http://acme.alva.localhost:8000/invite/tok123',
          },
          { status: 201 },
        );
      }),
    );
    renderScreen(<TeamPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'Invite teammate' }));
    const dialog = await screen.findByRole('dialog', { name: 'Invite a teammate' });
    await fill(
      user,
      within(dialog).getByRole('textbox', { name: /email/i }),
      'ada@northern.example',
    );
    await user.click(within(dialog).getByRole('radio', { name: /admin/i }));
    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }));

    const created = await screen.findByRole('dialog', { name: 'Invitation created' });
    expect(body).toEqual({ email: 'ada@northern.example', role: 'admin' });
    expect(
      within(created).getByDisplayValue('http://acme.alva.localhost:8000/invite/tok123'),
    ).toBeInTheDocument();
    expect(
      within(created).getByRole('button', { name: 'Copy invitation link' }),
    ).toBeInTheDocument();
    expect(within(created).getByText(/shown only once/)).toBeInTheDocument();
  });

  it('puts the API errors on the email field', async () => {
    const user = setupUser();
    serveTeam({ members: [owner], invitations: [] });
    server.use(
      http.post('*/api/v1/team/invitations', () =>
        apiError(
          409,
          'already_member',
          'olivia@northern.example is already a member of this store.',
        ),
      ),
    );
    renderScreen(<TeamPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'Invite teammate' }));
    const dialog = await screen.findByRole('dialog');
    await fill(
      user,
      within(dialog).getByRole('textbox', { name: /email/i }),
      'olivia@northern.example',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Create invitation' }));

    expect(
      await within(dialog).findByText('olivia@northern.example is already a member of this store.'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: /email/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('changes a role and reports the last-owner refusal', async () => {
    const user = setupUser();
    const patches: unknown[] = [];
    serveTeam({ members: [owner, admin], invitations: [] });
    server.use(
      http.patch('*/api/v1/team/members/:id', async ({ request, params }) => {
        patches.push({ id: params.id, ...((await request.json()) as object) });
        return params.id === '1'
          ? apiError(
              409,
              'last_owner',
              'A store needs at least one owner: make someone else owner first.',
            )
          : HttpResponse.json({ ...admin, role: 'member' });
      }),
    );
    renderScreen(<TeamPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('combobox', { name: 'Role of Adam Admin' }));
    await user.click(await screen.findByRole('option', { name: 'Member' }));
    await waitFor(() => {
      expect(patches).toEqual([{ id: '2', role: 'member' }]);
    });
    expect(await screen.findByText('Adam Admin is now member.')).toBeInTheDocument();

    // Demoting yourself asks first, then shows why the API refused.
    await user.click(screen.getByRole('combobox', { name: 'Role of Olivia Owner' }));
    await user.click(await screen.findByRole('option', { name: 'Admin' }));
    const confirm = await screen.findByRole('dialog', { name: 'Change your own role?' });
    await user.click(within(confirm).getByRole('button', { name: 'Make me admin' }));
    expect(
      await screen.findByText('A store needs at least one owner: make someone else owner first.'),
    ).toBeInTheDocument();
  });

  it('removes a member after confirmation and revokes an invitation', async () => {
    const user = setupUser();
    const calls: string[] = [];
    serveTeam({ members: [owner, admin], invitations: [makeInvitation()] });
    server.use(
      http.delete('*/api/v1/team/members/:id', ({ params }) => {
        calls.push(`member ${String(params.id)}`);
        return new HttpResponse(null, { status: 204 });
      }),
      http.delete('*/api/v1/team/invitations/:id', ({ params }) => {
        calls.push(`invitation ${String(params.id)}`);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderScreen(<TeamPage />, { session: makeMe('owner') });

    await user.click(await screen.findByRole('button', { name: 'Remove Adam Admin' }));
    const confirm = await screen.findByRole('dialog', { name: 'Remove Adam Admin?' });
    await user.click(within(confirm).getByRole('button', { name: 'Remove' }));
    await waitFor(() => {
      expect(calls).toEqual(['member 2']);
    });

    await user.click(
      screen.getByRole('button', { name: 'Revoke invitation for new.person@northern.example' }),
    );
    const revoke = await screen.findByRole('dialog', { name: 'Revoke this invitation?' });
    await user.click(within(revoke).getByRole('button', { name: 'Revoke' }));
    await waitFor(() => {
      expect(calls).toEqual(['member 2', 'invitation 7']);
    });
  });

  it('leaving the store ends the session', async () => {
    const user = setupUser();
    serveTeam({ members: [owner, admin], invitations: [] });
    server.use(
      http.delete('*/api/v1/team/members/:id', () => new HttpResponse(null, { status: 204 })),
    );
    const { queryClient } = renderScreen(<TeamPage />, {
      session: makeMe('admin', { user: { id: 2, email: admin.email, full_name: admin.full_name } }),
    });
    queryClient.setQueryData(sessionQueryKey, makeMe('admin'));

    await user.click(await screen.findByRole('button', { name: 'Leave store' }));
    const confirm = await screen.findByRole('dialog', { name: 'Leave Acme Presets?' });
    await user.click(within(confirm).getByRole('button', { name: 'Leave store' }));

    await waitFor(() => {
      expect(queryClient.getQueryData(sessionQueryKey)).toBeNull();
    });
    expect(sessionEndNotice(queryClient)).toBe('You left Acme Presets.');
  });

  it('shows an error state when the team cannot be loaded', async () => {
    server.use(http.get('*/api/v1/team', () => HttpResponse.error()));
    renderScreen(<TeamPage />, { session: makeMe('owner') });

    expect(await screen.findByText('Could not load the team')).toBeInTheDocument();
    expect(screen.getByText(/Could not reach Alva/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
