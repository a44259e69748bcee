// Store roles, least to most powerful: member < admin < owner (product spec §2).
import type { Role } from './api/types';

const RANK: Record<Role, number> = { member: 0, admin: 1, owner: 2 };

export const ROLES: readonly Role[] = ['member', 'admin', 'owner'];

export const ROLE_LABELS: Record<Role, string> = {
  member: 'Member',
  admin: 'Admin',
  owner: 'Owner',
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  member: 'Sees and acts on deliveries.',
  admin: 'Also manages bundles, files, secrets, API keys and the Klaviyo connection.',
  owner: 'Also manages billing and the team.',
};

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}
