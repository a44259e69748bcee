import { screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { redirectTo } from '@/lib/browser';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { SignupPage } from './signup-page';
import { suggestSubdomain } from './subdomain';

vi.mock('@/lib/browser', () => ({ redirectTo: vi.fn() }));

const TAKEN = new Set(['taken']);

function serveAvailability(asked: string[] = []) {
  server.use(
    http.get('*/api/v1/signup/availability', ({ request }) => {
      const subdomain = new URL(request.url).searchParams.get('subdomain') ?? '';
      asked.push(subdomain);
      const errors = TAKEN.has(subdomain) ? ['This subdomain is already taken.'] : [];
      return HttpResponse.json({ subdomain, available: errors.length === 0, errors });
    }),
  );
}

async function fillForm(
  user: ReturnType<typeof setupUser>,
  values: { store?: string; subdomain?: string },
) {
  await fill(
    user,
    screen.getByRole('textbox', { name: /store name/i }),
    values.store ?? 'Acme Presets',
  );
  if (values.subdomain !== undefined) {
    await fill(user, screen.getByRole('textbox', { name: /dashboard address/i }), values.subdomain);
  }
  await fill(user, screen.getByRole('textbox', { name: /work email/i }), 'olivia@northern.example');
  await fill(user, screen.getByLabelText(/^password/i), 'a long enough password');
}

describe('suggestSubdomain', () => {
  it('turns a store name into an address', () => {
    expect(suggestSubdomain('  Café Olé — Presets! ')).toBe('cafe-ole-presets');
    expect(suggestSubdomain('A'.repeat(50))).toHaveLength(40);
  });
});

describe('Sign-up page', () => {
  beforeEach(() => {
    vi.mocked(redirectTo).mockReset();
  });

  it('suggests the address from the store name and checks it once typing pauses', async () => {
    const user = setupUser();
    const asked: string[] = [];
    serveAvailability(asked);
    renderScreen(<SignupPage appDomain="alva.localhost" />);

    await user.type(screen.getByRole('textbox', { name: /store name/i }), 'Acme Presets');
    expect(screen.getByRole('textbox', { name: /dashboard address/i })).toHaveValue('acme-presets');
    expect(
      await screen.findByText(/acme-presets\.alva\.localhost is available/),
    ).toBeInTheDocument();
    // Debounced: one request for the settled value, none per keystroke.
    expect(asked).toEqual(['acme-presets']);
  });

  it('says when the address is taken', async () => {
    const user = setupUser();
    serveAvailability();
    renderScreen(<SignupPage appDomain="alva.localhost" />);

    await user.type(screen.getByRole('textbox', { name: /dashboard address/i }), 'Taken');
    expect(await screen.findByText('This subdomain is already taken.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /dashboard address/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('shows the 422 field errors on their fields', async () => {
    const user = setupUser();
    serveAvailability();
    server.use(
      http.post('*/api/v1/signup', () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: {
            password: ['This password is too common.'],
            email: ['Enter a valid email address.'],
          },
        }),
      ),
    );
    renderScreen(<SignupPage appDomain="alva.localhost" />);

    await fillForm(user, {});
    await user.click(screen.getByRole('button', { name: 'Create my store' }));

    expect(await screen.findByText('This password is too common.')).toBeInTheDocument();
    expect(screen.getByText('Enter a valid email address.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^password/i)).toHaveAttribute('aria-invalid', 'true');
    expect(redirectTo).not.toHaveBeenCalled();
  });

  it('puts a lost race for the subdomain on the subdomain field', async () => {
    const user = setupUser();
    serveAvailability();
    server.use(
      http.post('*/api/v1/signup', () =>
        apiError(409, 'subdomain_taken', "The subdomain 'acme-presets' is already taken."),
      ),
    );
    renderScreen(<SignupPage appDomain="alva.localhost" />);

    await fillForm(user, {});
    await user.click(screen.getByRole('button', { name: 'Create my store' }));

    expect(
      await screen.findByText("The subdomain 'acme-presets' is already taken."),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: /dashboard address/i })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('validates before asking the API', async () => {
    const user = setupUser();
    let posted = false;
    server.use(
      http.post('*/api/v1/signup', () => {
        posted = true;
        return HttpResponse.json({});
      }),
    );
    renderScreen(<SignupPage appDomain="alva.localhost" />);

    await user.click(screen.getByRole('button', { name: 'Create my store' }));

    expect(await screen.findByText("Enter your store's name.")).toBeInTheDocument();
    expect(screen.getByText('Use at least 10 characters.')).toBeInTheDocument();
    expect(posted).toBe(false);
  });

  it('creates the store and hands the browser to its login URL', async () => {
    const user = setupUser();
    let body: unknown = null;
    serveAvailability();
    server.use(
      http.post('*/api/v1/signup', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json(
          {
            tenant: {
              subdomain: 'acme',
              name: 'Acme Presets',
              url: 'http://acme.alva.localhost:8000/',
            },
            user: { id: 1, email: 'olivia@northern.example' },
            login_url: 'http://acme.alva.localhost:8000/login#handoff=tok',
          },
          { status: 201 },
        );
      }),
    );
    renderScreen(<SignupPage appDomain="alva.localhost" />);

    await fillForm(user, { subdomain: 'acme' });
    await user.click(screen.getByRole('button', { name: 'Create my store' }));

    await waitFor(() => {
      expect(redirectTo).toHaveBeenCalledWith('http://acme.alva.localhost:8000/login#handoff=tok');
    });
    expect(body).toEqual({
      store_name: 'Acme Presets',
      subdomain: 'acme',
      email: 'olivia@northern.example',
      password: 'a long enough password',
    });
    expect(screen.getByText(/Taking you to your dashboard/)).toBeInTheDocument();
  });
});
