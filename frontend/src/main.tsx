// Entry: one bundle for every host; each app is its own chunk, loaded for the host it serves.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { UnknownHost } from './app/unknown-host';
import { startDeliveriesRequest } from './features/deliveries/api/list';
import { resolveHost } from './lib/host';
import { startSessionCheck } from './lib/session';

const DashboardApp = lazy(() => import('./app/dashboard/dashboard-app'));
const SignupApp = lazy(() => import('./app/signup-app'));
const SupportApp = lazy(() => import('./app/support-app'));

const host = resolveHost(window.location.hostname);

// On a store host, what the first screen needs is asked for now, while the dashboard's chunks
// download, instead of after them: the session check and, when the tab opens the deliveries list
// (merchants' most opened screen), its first page. The session gate still decides what renders;
// an early answer is only used by the query that asks the same thing (src/lib/early-requests.ts).
if (host.kind === 'dashboard') {
  startSessionCheck();
  if (window.location.pathname === '/deliveries') startDeliveriesRequest(window.location.search);
}

function Root() {
  switch (host.kind) {
    case 'signup':
      return <SignupApp appDomain={host.appDomain} />;
    case 'support':
      return <SupportApp />;
    case 'dashboard':
      return <DashboardApp />;
    case 'unknown':
      return <UnknownHost hostname={host.hostname} />;
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');

createRoot(container).render(
  <StrictMode>
    <Suspense fallback={null}>
      <Root />
    </Suspense>
  </StrictMode>,
);
