// Whether a download link still works: revoked, expired or live.
import { Badge } from '@mantine/core';
import type { DeliveryToken } from '@/lib/api/types';
import { isPast } from '@/lib/format';

export function TokenStateBadge({
  token,
}: {
  token: Pick<DeliveryToken, 'revoked_at' | 'expires_at'>;
}) {
  if (token.revoked_at) {
    return (
      <Badge color="grape" variant="light" radius="sm">
        Revoked
      </Badge>
    );
  }
  if (isPast(token.expires_at)) {
    return (
      <Badge color="orange" variant="light" radius="sm">
        Expired
      </Badge>
    );
  }
  return (
    <Badge color="teal" variant="light" radius="sm">
      Live
    </Badge>
  );
}
