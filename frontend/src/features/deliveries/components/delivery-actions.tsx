// Approve, Block, Resend, Extend, Revoke, Reset Downloads: each confirmed, each shown at once.
import { Button, Group, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconBan,
  IconCalendarPlus,
  IconCheck,
  IconLinkOff,
  IconRefresh,
  IconSend,
} from '@tabler/icons-react';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import type { DeliveryDetail } from '@/lib/api/types';
import { ACTION_STATES, useDeliveryAction, type DeliveryAction } from '../api/deliveries';
import { actionFailed } from './action-failed';

interface ActionSpec {
  label: string;
  icon: ReactNode;
  color?: string;
  title: string;
  body: string;
  confirm: string;
  done: string;
}

const ACTIONS: Record<Exclude<DeliveryAction, 'extend'>, ActionSpec> = {
  approve: {
    label: 'Approve',
    icon: <IconCheck size={16} aria-hidden />,
    color: 'teal',
    title: 'Approve this delivery?',
    body: 'Alva creates a download link and sends “Alva Download Ready” to Klaviyo, where your email flow sends it to the customer.',
    confirm: 'Approve',
    done: 'Approved: the download link is on its way.',
  },
  block: {
    label: 'Block',
    icon: <IconBan size={16} aria-hidden />,
    color: 'red',
    title: 'Block this delivery?',
    body: 'Any live download link stops working, and Alva sends “Alva Delivery Blocked” to Klaviyo.',
    confirm: 'Block',
    done: 'Blocked.',
  },
  resend: {
    label: 'Resend',
    icon: <IconSend size={16} aria-hidden />,
    title: 'Send a new link?',
    body: 'Alva issues a new download link with fresh limits and sends “Alva Download Ready” again. The current link stops working.',
    confirm: 'Resend',
    done: 'A new link is on its way.',
  },
  revoke: {
    label: 'Revoke',
    icon: <IconLinkOff size={16} aria-hidden />,
    color: 'red',
    title: 'Revoke the download link?',
    body: 'The customer can no longer download these files. This cannot be undone.',
    confirm: 'Revoke',
    done: 'The link is revoked.',
  },
  'reset-downloads': {
    label: 'Reset downloads',
    icon: <IconRefresh size={16} aria-hidden />,
    title: 'Reset the downloads?',
    body: 'The current link’s download count and the IP addresses it has seen go back to zero; its expiry stays.',
    confirm: 'Reset downloads',
    done: 'Downloads reset.',
  },
};

// The Extend dialog (its NumberInput is ~9 kB gzipped) loads when Extend is first pointed at,
// focused or clicked.
const loadExtendModal = () => import('./extend-link-modal');
const ExtendLinkModal = lazy(() =>
  loadExtendModal().then((module) => ({ default: module.ExtendLinkModal })),
);

const ORDER: DeliveryAction[] = [
  'approve',
  'block',
  'resend',
  'extend',
  'reset-downloads',
  'revoke',
];

export function DeliveryActions({ delivery }: { delivery: DeliveryDetail }) {
  const act = useDeliveryAction();
  const [extendOpen, setExtendOpen] = useState(false);
  const [extendRound, setExtendRound] = useState(0);
  const allowed = ORDER.filter((action) => ACTION_STATES[action].includes(delivery.status));

  const run = (action: Exclude<DeliveryAction, 'extend'>) => {
    const spec = ACTIONS[action];
    modals.openConfirmModal({
      title: spec.title,
      children: <Text fz="sm">{spec.body}</Text>,
      labels: { confirm: spec.confirm, cancel: 'Cancel' },
      confirmProps: { color: spec.color === 'red' ? 'red' : undefined },
      onConfirm: () => {
        act.mutate(
          { deliveryId: delivery.id, action },
          {
            onSuccess: () => notifications.show({ color: 'teal', message: spec.done }),
            onError: actionFailed,
          },
        );
      },
    });
  };

  if (allowed.length === 0) {
    return (
      <Text fz="sm" c="dimmed">
        {delivery.status === 'Processing'
          ? 'Alva is still deciding this delivery; actions appear in a moment.'
          : `No actions are possible on a ${delivery.status.toLowerCase()} delivery.`}
      </Text>
    );
  }

  return (
    <>
      <Group gap="xs" aria-label="Delivery actions" role="group">
        {allowed.map((action) =>
          action === 'extend' ? (
            <Button
              key={action}
              size="xs"
              variant="default"
              leftSection={<IconCalendarPlus size={16} aria-hidden />}
              disabled={act.isPending}
              onPointerEnter={() => void loadExtendModal()}
              onFocus={() => void loadExtendModal()}
              onClick={() => {
                setExtendRound((round) => round + 1);
                setExtendOpen(true);
              }}
            >
              Extend
            </Button>
          ) : (
            <Button
              key={action}
              size="xs"
              variant={action === 'approve' ? 'filled' : 'default'}
              color={action === 'approve' ? 'teal' : undefined}
              c={ACTIONS[action].color === 'red' ? 'red' : undefined}
              leftSection={ACTIONS[action].icon}
              disabled={act.isPending}
              onClick={() => {
                run(action);
              }}
            >
              {ACTIONS[action].label}
            </Button>
          ),
        )}
      </Group>
      {extendRound > 0 && (
        <Suspense fallback={null}>
          <ExtendLinkModal
            key={extendRound}
            delivery={delivery}
            opened={extendOpen}
            onClose={() => {
              setExtendOpen(false);
            }}
          />
        </Suspense>
      )}
    </>
  );
}
