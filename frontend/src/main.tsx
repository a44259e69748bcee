// Entry: one bundle for every host; each app is its own chunk, loaded for the host it serves.
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { UnknownHost } from './app/unknown-host';
import { resolveHost } from './lib/host';

const DashboardApp = lazy(() => import('./app/dashboard/dashboard-app'));
const SignupApp = lazy(() => import('./app/signup-app'));
const SupportApp = lazy(() => import('./app/support-app'));

function Root() {
  const host = resolveHost(window.location.hostname);
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
