// One delivery in a drawer beside the list (`?delivery=<id>`). The drawer and the request for the
// delivery come with the list; what it shows (delivery-details.tsx, with the actions and their
// dialogs) is loaded the first time a drawer opens, while the delivery itself is being fetched.
import { Drawer, Text } from '@mantine/core';
import { lazy, Suspense, useEffect } from 'react';
import { ErrorState, LoadingState } from '@/components/query-states';
import { useDelivery } from '../api/deliveries';

const loadDetails = () => import('./delivery-details');
const DeliveryDetails = lazy(() =>
  loadDetails().then((module) => ({ default: module.DeliveryDetails })),
);

export function DeliveryDrawer({
  deliveryId,
  onClose,
}: {
  deliveryId: string | null;
  onClose: () => void;
}) {
  const delivery = useDelivery(deliveryId);
  const opened = deliveryId !== null;
  useEffect(() => {
    if (opened) void loadDetails();
  }, [opened]);
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Text fw={650} fz="lg" truncate maw={520}>
          {delivery.data ? `Delivery to ${delivery.data.customer.email}` : 'Delivery'}
        </Text>
      }
    >
      {delivery.isPending ? (
        <LoadingState
          label={
            delivery.failureCount > 0
              ? 'Alva is still creating this delivery…'
              : 'Loading delivery…'
          }
        />
      ) : delivery.isError ? (
        <ErrorState
          title="Could not load this delivery"
          error={delivery.error}
          onRetry={() => void delivery.refetch()}
        />
      ) : (
        <Suspense fallback={<LoadingState label="Loading delivery…" />}>
          <DeliveryDetails delivery={delivery.data} />
        </Suspense>
      )}
    </Drawer>
  );
}
