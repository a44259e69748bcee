// The notifications' container in a chunk of its own: app-providers.tsx mounts it lazily.
import { Notifications } from '@mantine/notifications';

export function NotificationsContainer() {
  return <Notifications position="top-right" />;
}
