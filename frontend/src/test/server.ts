// The MSW server every component test talks to, and helpers to answer like the Alva API.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

export const server = setupServer(
  http.get('*/api/v1/auth/csrf', () => HttpResponse.json({ csrf_token: 'csrf-from-endpoint' })),
);

export function apiError(
  status: number,
  code: string,
  message: string,
  options: { fields?: Record<string, string[]>; headers?: Record<string, string> } = {},
) {
  return HttpResponse.json(
    { error: { code, message, ...(options.fields ? { fields: options.fields } : {}) } },
    { status, headers: options.headers },
  );
}

export { http, HttpResponse };
