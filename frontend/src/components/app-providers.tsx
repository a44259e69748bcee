// Theme, modals, notifications and data fetching for every app (sign-up, dashboard, support).
import '@fontsource-variable/inter';
import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
// Charts' and dates' styles come with the chunks that use them (the analytics page,
// date-range-picker.tsx); dropzone's are 0.6 kB gzipped.
import '@mantine/dropzone/styles.css';
import './global.css';
import { MantineProvider } from '@mantine/core';
import { ModalsProvider } from '@mantine/modals';
import { useNotifications } from '@mantine/notifications';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState, type ComponentType, type ReactNode } from 'react';
import { theme } from './theme';

// The notifications' container (with its transitions, ~7 kB gzipped) is a chunk of its own,
// mounted when the first notification is shown (it then shows it): `notifications.show()` only
// needs the store, which is small. Not preloaded when the browser is idle: it is idle while the
// first screen's chunks and data are on their way, and the download would compete with them.
// If the chunk cannot load (say, a tab left open across a release), the app carries on without
// toasts instead of failing.
const NotificationsContainer = lazy<ComponentType>(() =>
  import('./notifications-container').then(
    (module) => ({ default: module.NotificationsContainer }),
    (error: unknown) => {
      console.error('Notifications could not load', error);
      return { default: () => null };
    },
  ),
);

function DeferredNotifications() {
  const { notifications, queue } = useNotifications();
  const [needed, setNeeded] = useState(false);
  if (!needed && notifications.length + queue.length > 0) setNeeded(true);
  if (!needed) return null;
  return (
    <Suspense fallback={null}>
      <NotificationsContainer />
    </Suspense>
  );
}

export function AppProviders({
  queryClient,
  children,
  env = 'default',
}: {
  queryClient: QueryClient;
  children: ReactNode;
  /** 'test' turns off transitions and portals (component tests). */
  env?: 'default' | 'test';
}) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light" env={env}>
      <QueryClientProvider client={queryClient}>
        <ModalsProvider>
          <DeferredNotifications />
          {children}
        </ModalsProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
