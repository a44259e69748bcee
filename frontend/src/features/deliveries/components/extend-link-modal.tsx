// Extend: the link gets 1–365 more days. Its own chunk (delivery-actions.tsx loads it on demand).
import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import type { DeliveryDetail } from '@/lib/api/types';
import { useDeliveryAction } from '../api/deliveries';
import { actionFailed } from './action-failed';

export function ExtendLinkModal({
  delivery,
  opened,
  onClose,
}: {
  delivery: DeliveryDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const act = useDeliveryAction();
  const [days, setDays] = useState<number | string>(3);
  const valid = typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= 365;
  return (
    <Modal opened={opened} onClose={onClose} title="Extend the download link">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (!valid) return;
          onClose();
          act.mutate(
            { deliveryId: delivery.id, action: 'extend', days },
            {
              onSuccess: () =>
                notifications.show({
                  color: 'teal',
                  message: `Link extended by ${days} ${days === 1 ? 'day' : 'days'}.`,
                }),
              onError: actionFailed,
            },
          );
        }}
      >
        <Stack>
          <Text fz="sm">
            The link gets more time, counted from its current expiry (or from now if it has already
            expired). Downloads already used stay used.
          </Text>
          <NumberInput
            label="Days to add"
            min={1}
            max={365}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={days}
            onChange={setDays}
            error={valid ? undefined : 'Enter a whole number of days from 1 to 365.'}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!valid}>
              Extend
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
