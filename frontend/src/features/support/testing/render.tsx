// Render the support console the way support-app.tsx does (its routes, its session tracking),
// with a signed-in staff member unless told otherwise.
import { configure } from '@testing-library/react';
import { vi } from 'vitest';
import { setSupportCsrfToken } from '../api/client';
import { trackStaffSession } from '../api/session';
import { supportRoutes } from '@/app/support/support-routes';
import { renderRoutes, type Rendered } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { STAFF } from './fixtures';

// Every screen here renders inside the whole console (session gate, shell, lazy routes): on a
// busy two-core machine that takes longer than Testing Library's and Vitest's defaults allow.
configure({ asyncUtilTimeout: 5_000 });
vi.setConfig({ testTimeout: 20_000 });

export const API = '*/api/support/v1';

export function serveStaff(signedIn: boolean) {
  server.use(
    http.get(`${API}/auth/me`, () =>
      signedIn
        ? HttpResponse.json(STAFF)
        : apiError(403, 'forbidden', 'The support console is for Alva staff only.'),
    ),
  );
}

export function renderSupport(
  route: string,
  { signedIn = true }: { signedIn?: boolean } = {},
): Rendered {
  setSupportCsrfToken(null);
  server.use(
    http.get(`${API}/auth/csrf`, () => HttpResponse.json({ csrf_token: 'csrf-from-endpoint' })),
  );
  serveStaff(signedIn);
  const rendered = renderRoutes(supportRoutes, { route });
  trackStaffSession(rendered.queryClient);
  return rendered;
}
