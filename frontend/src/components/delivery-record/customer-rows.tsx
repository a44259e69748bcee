// Who a delivery went to, as label/value rows: shared by the merchant's delivery drawer and the
// support console's delivery page (which shows the email without a link into the store).
import { Code } from '@mantine/core';
import type { ReactNode } from 'react';
import type { DeliveryDetail } from '@/lib/api/types';
import { DetailRow } from '../detail-row';

type DeliveryCustomer = Pick<
  DeliveryDetail['customer'],
  'email' | 'first_name' | 'last_name' | 'phone' | 'klaviyo_profile_id' | 'external_id'
>;

export function CustomerRows({
  customer,
  email = customer.email,
}: {
  customer: DeliveryCustomer;
  /** The email as shown, e.g. a link to the customer's page; the plain address by default. */
  email?: ReactNode;
}) {
  const name = [customer.first_name, customer.last_name].filter(Boolean).join(' ');
  return (
    <>
      <DetailRow label="Email">{email}</DetailRow>
      {name && <DetailRow label="Name">{name}</DetailRow>}
      {customer.phone && <DetailRow label="Phone">{customer.phone}</DetailRow>}
      {customer.klaviyo_profile_id && (
        <DetailRow label="Klaviyo profile">
          <Code>{customer.klaviyo_profile_id}</Code>
        </DetailRow>
      )}
      {customer.external_id && <DetailRow label="External id">{customer.external_id}</DetailRow>}
    </>
  );
}
