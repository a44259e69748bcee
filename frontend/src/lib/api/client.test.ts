import { describe, expect, it } from 'vitest';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { merchantApi, setCsrfToken, unwrap } from './client';
import { ApiError } from './errors';

describe('merchant API client', () => {
  it('fetches a CSRF token once and sends it on unsafe methods only', async () => {
    const csrfHeaders: (string | null)[] = [];
    let csrfCalls = 0;
    server.use(
      http.get('*/api/v1/auth/csrf', () => {
        csrfCalls += 1;
        return HttpResponse.json({ csrf_token: 'tok-1' });
      }),
      http.get('*/api/v1/team', ({ request }) => {
        csrfHeaders.push(request.headers.get('X-CSRFToken'));
        return HttpResponse.json({ members: [], invitations: [] });
      }),
      http.post('*/api/v1/api-keys', ({ request }) => {
        csrfHeaders.push(request.headers.get('X-CSRFToken'));
        return HttpResponse.json(
          { id: 1, name: 'k', prefix: 'p', key: 'alva_p_s' },
          { status: 201 },
        );
      }),
    );

    await unwrap(merchantApi.GET('/api/v1/team'));
    await unwrap(merchantApi.POST('/api/v1/api-keys', { body: { name: 'k' } }));
    await unwrap(merchantApi.POST('/api/v1/api-keys', { body: { name: 'k' } }));

    expect(csrfHeaders).toEqual([null, 'tok-1', 'tok-1']);
    expect(csrfCalls).toBe(1);
  });

  it('uses the token a login answer handed over', async () => {
    let header: string | null = null;
    server.use(
      http.post('*/api/v1/auth/logout', ({ request }) => {
        header = request.headers.get('X-CSRFToken');
        return new HttpResponse(null, { status: 204 });
      }),
    );
    setCsrfToken('from-login');
    await unwrap(merchantApi.POST('/api/v1/auth/logout'));
    expect(header).toBe('from-login');
  });

  it('refreshes a stale CSRF token and sends the request once more', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get('*/api/v1/auth/csrf', () => HttpResponse.json({ csrf_token: 'fresh' })),
      http.post('*/api/v1/api-keys', async ({ request }) => {
        const token = request.headers.get('X-CSRFToken');
        seen.push(`${String(token)}:${((await request.json()) as { name: string }).name}`);
        return token === 'fresh'
          ? HttpResponse.json({ id: 1, name: 'k', prefix: 'p', key: 'alva_p_s' }, { status: 201 })
          : apiError(403, 'csrf_failed', 'CSRF check failed.');
      }),
    );
    setCsrfToken('stale');

    const created = await unwrap(merchantApi.POST('/api/v1/api-keys', { body: { name: 'k' } }));

    expect(created.key).toBe('alva_p_s');
    expect(seen).toEqual(['stale:k', 'fresh:k']);
  });

  it('throws the API error shape with fields and Retry-After', async () => {
    server.use(
      http.post('*/api/v1/auth/login', () =>
        apiError(429, 'too_many_attempts', 'Too many failed logins. Try again later.', {
          headers: { 'Retry-After': '840' },
        }),
      ),
      http.post('*/api/v1/team/invitations', () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { email: ['Enter a valid email address.'] },
        }),
      ),
    );

    const tooMany = await unwrap(
      merchantApi.POST('/api/v1/auth/login', { body: { email: 'a@b.c', password: 'x' } }),
    ).catch((error: unknown) => error);
    expect(tooMany).toBeInstanceOf(ApiError);
    expect(tooMany).toMatchObject({
      status: 429,
      code: 'too_many_attempts',
      retryAfterSeconds: 840,
    });

    const invalid = await unwrap(
      merchantApi.POST('/api/v1/team/invitations', { body: { email: 'x', role: 'member' } }),
    ).catch((error: unknown) => error);
    expect(invalid).toMatchObject({
      status: 422,
      code: 'validation_error',
      fields: { email: ['Enter a valid email address.'] },
    });
  });

  it('reports a network failure as status 0', async () => {
    server.use(http.get('*/api/v1/team', () => HttpResponse.error()));
    await expect(unwrap(merchantApi.GET('/api/v1/team'))).rejects.toMatchObject({
      status: 0,
      code: 'network_error',
    });
  });
});
