import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { fill, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { staffSessionKey } from '../api/session';
import { makeStaffSessionOut, makeTenant, page, STAFF } from '../testing/fixtures';
import { API, renderSupport, serveStaff } from '../testing/render';
import { normaliseCode, safeNext } from './sign-in-page';

const URI =
  'otpauth://totp/Alva%20Support:sam%40alva-support.example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Alva%20Support';

function serveTenants() {
  server.use(http.get(`${API}/tenants`, () => HttpResponse.json(page([makeTenant()]))));
}

async function enterCredentials(user: ReturnType<typeof setupUser>) {
  await fill(user, await screen.findByRole('textbox', { name: /email/i }), ' sam@alva.example ');
  await fill(user, screen.getByLabelText(/^password/i), 'correct horse battery');
  await user.click(screen.getByRole('button', { name: 'Continue' }));
}

describe('Support sign-in', () => {
  it('signs in with password, then a TOTP code, and opens where the person was going', async () => {
    const user = setupUser();
    const bodies: unknown[] = [];
    let csrf: string | null = null;
    serveTenants();
    server.use(
      http.post(`${API}/auth/login`, async ({ request }) => {
        csrf = request.headers.get('X-CSRFToken');
        bodies.push(await request.json());
        return HttpResponse.json(makeStaffSessionOut());
      }),
    );
    const { router } = renderSupport('/tenants?q=north', { signedIn: false });

    await waitFor(() => {
      expect(router.state.location.pathname).toBe('/sign-in');
    });
    await enterCredentials(user);
    // Nothing is sent before the second factor: the API checks both at once.
    expect(bodies).toEqual([]);
    expect(screen.getByText('sam@alva.example')).toBeInTheDocument();
    await fill(user, screen.getByRole('textbox', { name: /authentication code/i }), '123 456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { name: 'Stores' })).toBeInTheDocument();
    expect(router.state.location.pathname + router.state.location.search).toBe('/tenants?q=north');
    expect(bodies).toEqual([
      { email: 'sam@alva.example', password: 'correct horse battery', totp: '123456' },
    ]);
    expect(csrf).toBe('csrf-from-endpoint');
    expect(screen.getByRole('button', { name: `Account menu for ${STAFF.email}` })).toBeVisible();
  });

  it('refuses a wrong code with one message, clears it and lets the person try again', async () => {
    const user = setupUser();
    let attempts = 0;
    server.use(
      http.post(`${API}/auth/login`, () => {
        attempts += 1;
        return apiError(
          401,
          'invalid_credentials',
          'Email, password or two-factor code is incorrect.',
        );
      }),
    );
    renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    const code = screen.getByRole('textbox', { name: /authentication code/i });
    await fill(user, code, '000000');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Email, password or two-factor code is incorrect.',
    );
    expect(screen.getByRole('textbox', { name: /authentication code/i })).toHaveValue('');
    expect(attempts).toBe(1);

    await user.click(screen.getByRole('button', { name: /back/i }));
    expect(screen.getByRole('textbox', { name: /email/i })).toHaveValue('sam@alva.example');
  });

  it('checks the code has six digits before sending it', async () => {
    const user = setupUser();
    let attempts = 0;
    server.use(
      http.post(`${API}/auth/login`, () => {
        attempts += 1;
        return HttpResponse.json(makeStaffSessionOut());
      }),
    );
    renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    await fill(user, screen.getByRole('textbox', { name: /authentication code/i }), '12a45');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(
      await screen.findByText('Enter the 6-digit code from your authenticator app.'),
    ).toBeInTheDocument();
    expect(attempts).toBe(0);
  });

  it('asks for email and password before the code', async () => {
    const user = setupUser();
    renderSupport('/sign-in', { signedIn: false });

    await user.click(await screen.findByRole('button', { name: 'Continue' }));

    expect(screen.getByText('Enter your email.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: /authentication code/i })).not.toBeInTheDocument();
  });

  it('turns a lockout into minutes to wait', async () => {
    const user = setupUser();
    server.use(
      http.post(`${API}/auth/login`, () =>
        apiError(429, 'too_many_attempts', 'Too many failed attempts. Try again later.', {
          headers: { 'Retry-After': '300' },
        }),
      ),
    );
    renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    await fill(user, screen.getByRole('textbox', { name: /authentication code/i }), '123456');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many attempts, try again in 5 minutes.',
    );
  });

  it('enrols an authenticator on first sign-in: shows the secret once, then confirms a code', async () => {
    const user = setupUser();
    const setups: unknown[] = [];
    const confirms: unknown[] = [];
    serveTenants();
    server.use(
      http.post(`${API}/auth/login`, () =>
        apiError(
          403,
          'totp_enrolment_required',
          'Two-factor authentication is not set up for this account.',
        ),
      ),
      http.post(`${API}/auth/totp/setup`, async ({ request }) => {
        setups.push(await request.json());
        return HttpResponse.json({ provisioning_uri: URI });
      }),
      http.post(`${API}/auth/totp/confirm`, async ({ request }) => {
        const body = (await request.json()) as { code: string };
        confirms.push(body);
        return body.code === '654321'
          ? HttpResponse.json(makeStaffSessionOut())
          : apiError(401, 'invalid_credentials', 'The code is incorrect.');
      }),
    );
    const { router, queryClient } = renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    await fill(user, screen.getByRole('textbox', { name: /authentication code/i }), '111111');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(
      await screen.findByRole('heading', { name: 'Set up two-factor authentication' }),
    ).toBeInTheDocument();
    expect(setups).toEqual([{ email: 'sam@alva.example', password: 'correct horse battery' }]);
    expect(screen.getByRole('textbox', { name: 'Secret key' })).toHaveValue(
      'JBSWY3DPEHPK3PXPJBSWY3DP',
    );
    expect(screen.getByRole('textbox', { name: 'otpauth URI' })).toHaveValue(URI);
    expect(screen.getByRole('button', { name: 'Copy secret key' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Copy otpauth uri' })).toBeInTheDocument();

    await fill(user, screen.getByRole('textbox', { name: /authentication code/i }), '999999');
    await user.click(screen.getByRole('button', { name: 'Confirm and sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The code is incorrect.');

    await fill(user, screen.getByRole('textbox', { name: /authentication code/i }), '654 321');
    await user.click(screen.getByRole('button', { name: 'Confirm and sign in' }));

    expect(await screen.findByRole('heading', { name: 'Stores' })).toBeInTheDocument();
    expect(confirms).toEqual([{ code: '999999' }, { code: '654321' }]);
    expect(router.state.location.pathname).toBe('/tenants');
    expect(queryClient.getQueryData(staffSessionKey)).toEqual(STAFF);
  });

  it('offers the setup again when the enrolment window has expired', async () => {
    const user = setupUser();
    let setups = 0;
    server.use(
      http.post(`${API}/auth/totp/setup`, () => {
        setups += 1;
        return HttpResponse.json({ provisioning_uri: URI });
      }),
      http.post(`${API}/auth/totp/confirm`, () =>
        apiError(410, 'enrolment_expired', 'Start the two-factor setup again.'),
      ),
    );
    renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    await user.click(screen.getByRole('button', { name: 'First time? Set up your authenticator' }));
    await fill(
      user,
      await screen.findByRole('textbox', { name: /authentication code/i }),
      '123456',
    );
    await user.click(screen.getByRole('button', { name: 'Confirm and sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('Start the two-factor setup again.');
    await user.click(screen.getByRole('button', { name: 'Start the setup again' }));
    await waitFor(() => {
      expect(setups).toBe(2);
    });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says when the authenticator is already set up', async () => {
    const user = setupUser();
    server.use(
      http.post(`${API}/auth/totp/setup`, () =>
        apiError(
          409,
          'totp_already_enrolled',
          'Two-factor authentication is already set up for this account.',
        ),
      ),
    );
    renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    await user.click(screen.getByRole('button', { name: 'First time? Set up your authenticator' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'already set up for this account: enter a code',
    );
    expect(screen.getByRole('textbox', { name: /authentication code/i })).toBeInTheDocument();
  });

  it('sends a wrong password at setup back to the first step', async () => {
    const user = setupUser();
    server.use(
      http.post(`${API}/auth/totp/setup`, () =>
        apiError(401, 'invalid_credentials', 'Email, password or two-factor code is incorrect.'),
      ),
    );
    renderSupport('/sign-in', { signedIn: false });

    await enterCredentials(user);
    await user.click(screen.getByRole('button', { name: 'First time? Set up your authenticator' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Email, password or two-factor code is incorrect.',
    );
    expect(screen.getByRole('button', { name: 'Continue' })).toBeInTheDocument();
  });

  it('restores a session: a signed-in staff member skips the sign-in page', async () => {
    serveTenants();
    const { router } = renderSupport('/sign-in');

    expect(await screen.findByRole('heading', { name: 'Stores' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/tenants');
  });

  it('signs out with the CSRF token and lands on the sign-in page', async () => {
    const user = setupUser();
    let csrf: string | null = null;
    serveTenants();
    server.use(
      http.post(`${API}/auth/logout`, ({ request }) => {
        csrf = request.headers.get('X-CSRFToken');
        serveStaff(false);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { router } = renderSupport('/tenants');

    await user.click(
      await screen.findByRole('button', { name: `Account menu for ${STAFF.email}` }),
    );
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByText('You are signed out.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(csrf).toBe('csrf-from-endpoint');
  });

  it('sends the person to sign in when the session ends while working', async () => {
    server.use(
      http.get(`${API}/tenants`, () =>
        apiError(403, 'forbidden', 'The support console is for Alva staff only.'),
      ),
    );
    const { router } = renderSupport('/tenants');

    expect(await screen.findByText('Your session has ended. Sign in again.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?next=%2Ftenants');
  });

  it('shows the navigation of the console', async () => {
    serveTenants();
    renderSupport('/tenants');

    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(within(nav).getByRole('link', { name: 'Stores' })).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(within(nav).getByRole('link', { name: 'Deliveries' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Audit log' })).toBeInTheDocument();
  });

  it('reads codes with spaces and only follows next= to paths of this app', () => {
    expect(normaliseCode(' 123 456 ')).toBe('123456');
    expect(normaliseCode('12345')).toBeNull();
    expect(safeNext('/audit-log')).toBe('/audit-log');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
