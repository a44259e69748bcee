// When a delivery was decided (approved, held, blocked) and first downloaded, as label/value rows.
import type { DeliveryDetail } from '@/lib/api/types';
import { formatDateTime } from '@/lib/format';
import { DetailRow } from '../detail-row';

export function MilestoneRows({
  delivery,
}: {
  delivery: Pick<DeliveryDetail, 'decided_at' | 'first_download_at'>;
}) {
  return (
    <>
      <DetailRow label="Decided">
        {delivery.decided_at ? formatDateTime(delivery.decided_at) : 'Not yet'}
      </DetailRow>
      <DetailRow label="First download">
        {delivery.first_download_at ? formatDateTime(delivery.first_download_at) : 'Not yet'}
      </DetailRow>
    </>
  );
}
