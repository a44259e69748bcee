// The webhook call that created a delivery, as received, folded away until asked for.
import { Accordion, Code } from '@mantine/core';
import type { DeliveryDetail } from '@/lib/api/types';

export function WebhookBody({ payload }: { payload: NonNullable<DeliveryDetail['payload']> }) {
  return (
    <Accordion variant="contained" radius="md">
      <Accordion.Item value="payload">
        <Accordion.Control>Webhook body</Accordion.Control>
        <Accordion.Panel>
          <Code block fz="xs">
            {JSON.stringify(payload, null, 2)}
          </Code>
        </Accordion.Panel>
      </Accordion.Item>
    </Accordion>
  );
}
