import { afterEach, describe, expect, it } from 'vitest';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { setSupportCsrfToken, supportApi, unwrap } from './client';

afterEach(() => {
  setSupportCsrfToken(null);
});

describe('support API client', () => {
  it('fetches a CSRF token from the support host once and sends it on unsafe methods only', async () => {
    const headers: (string | null)[] = [];
    let csrfCalls = 0;
    server.use(
      http.get('*/api/support/v1/auth/csrf', () => {
        csrfCalls += 1;
        return HttpResponse.json({ csrf_token: 'support-tok' });
      }),
      http.get('*/api/support/v1/auth/me', ({ request }) => {
        headers.push(request.headers.get('X-CSRFToken'));
        return HttpResponse.json({ id: 1, email: 's@alva.example' });
      }),
      http.post('*/api/support/v1/tenants/3/suspend', ({ request }) => {
        headers.push(request.headers.get('X-CSRFToken'));
        return HttpResponse.json({});
      }),
    );

    await unwrap(supportApi.GET('/api/support/v1/auth/me'));
    for (let i = 0; i < 2; i += 1) {
      await unwrap(
        supportApi.POST('/api/support/v1/tenants/{tenant_id}/suspend', {
          params: { path: { tenant_id: 3 } },
          body: { reason: 'why not' },
        }),
      );
    }

    expect(headers).toEqual([null, 'support-tok', 'support-tok']);
    expect(csrfCalls).toBe(1);
  });

  it('refreshes a stale token and sends the request once more', async () => {
    const seen: (string | null)[] = [];
    server.use(
      http.get('*/api/support/v1/auth/csrf', () => HttpResponse.json({ csrf_token: 'fresh' })),
      http.post('*/api/support/v1/auth/logout', ({ request }) => {
        const token = request.headers.get('X-CSRFToken');
        seen.push(token);
        return token === 'fresh'
          ? new HttpResponse(null, { status: 204 })
          : apiError(403, 'csrf_failed', 'CSRF check failed.');
      }),
    );
    setSupportCsrfToken('stale');

    await unwrap(supportApi.POST('/api/support/v1/auth/logout'));

    expect(seen).toEqual(['stale', 'fresh']);
  });
});
