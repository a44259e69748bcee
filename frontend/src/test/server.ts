// The MSW server every component test talks to, and helpers to answer like the Alva API.
import { http, HttpResponse, type JsonBodyType } from 'msw';
import { setupServer } from 'msw/node';
import { makeBilling } from './fixtures';

export const server = setupServer(
  http.get('*/api/v1/auth/csrf', () => HttpResponse.json({ csrf_token: 'csrf-from-endpoint' })),
  // The navigation asks on every dashboard screen.
  http.get('*/api/v1/deliveries/pending-count', () => HttpResponse.json({ pending_review: 0 })),
  // The shell's billing banner asks on every screen an owner opens.
  http.get('*/api/v1/billing', () => HttpResponse.json(makeBilling())),
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

/** Answers for the Home screen's onboarding checklist: an empty, unconnected store by default. */
export function serveOnboarding(
  answers: {
    klaviyo?: JsonBodyType;
    bundles?: JsonBodyType;
    calls?: JsonBodyType;
    deliveries?: JsonBodyType;
    detail?: JsonBodyType;
  } = {},
) {
  const empty = { items: [], count: 0 };
  server.use(
    http.get('*/api/v1/settings/klaviyo', () =>
      HttpResponse.json(
        answers.klaviyo ?? {
          mode: null,
          health: 'disconnected',
          account: null,
          scopes: [],
          connected_at: null,
          last_error: null,
          last_error_at: null,
          waiting_events: 0,
        },
      ),
    ),
    http.get('*/api/v1/bundles', () => HttpResponse.json(answers.bundles ?? empty)),
    http.get('*/api/v1/webhook-log', () => HttpResponse.json(answers.calls ?? empty)),
    http.get('*/api/v1/deliveries', () => HttpResponse.json(answers.deliveries ?? empty)),
    http.get('*/api/v1/deliveries/pending-count', () => HttpResponse.json({ pending_review: 0 })),
    ...(answers.detail
      ? [http.get('*/api/v1/deliveries/:id', () => HttpResponse.json(answers.detail))]
      : []),
  );
}
