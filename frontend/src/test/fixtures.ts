// Realistic API answers for component tests.
import type { ApiKey, Invitation, Me, Member, Role, SessionOut } from '@/lib/api/types';

export function makeMe(role: Role = 'owner', overrides: Partial<Me> = {}): Me {
  return {
    user: { id: 1, email: 'olivia@northern.example', full_name: 'Olivia Owner' },
    role,
    tenant: { subdomain: 'acme', name: 'Acme Presets' },
    auth: 'session',
    ...overrides,
  };
}

export function makeSessionOut(role: Role = 'owner'): SessionOut {
  const me = makeMe(role);
  return { user: me.user, role: me.role, tenant: me.tenant, csrf_token: 'csrf-after-login' };
}

export function makeMember(overrides: Partial<Member> = {}): Member {
  return {
    user_id: 1,
    email: 'olivia@northern.example',
    full_name: 'Olivia Owner',
    role: 'owner',
    joined_at: '2025-01-10T10:00:00Z',
    ...overrides,
  };
}

export function makeInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return {
    id: 7,
    email: 'new.person@northern.example',
    role: 'member',
    created_at: '2025-01-12T10:00:00Z',
    expires_at: '2099-01-19T10:00:00Z',
    ...overrides,
  };
}

export function makeApiKey(overrides: Partial<ApiKey> = {}): ApiKey {
  return {
    id: 3,
    name: 'Zapier',
    prefix: 'a1b2c3d4e5f6',
    created_at: '2025-01-11T10:00:00Z',
    last_used_at: null,
    created_by: 'olivia@northern.example',
    ...overrides,
  };
}
