// Realistic support API answers for the console's component tests. A delivery is the same record
// the dashboard's tests use (@/test/fixtures), as another store's support sees it.
import { makeDeliveryDetail, page } from '@/test/fixtures';
import type {
  AuditEntry,
  IndexedDelivery,
  StaffSessionOut,
  StaffUser,
  SupportDeliveryDetail,
  SupportTenant,
  SupportTenantDetail,
} from '../api/types';

export const STAFF: StaffUser = { id: 9, email: 'sam@alva-support.example.com' };

export function makeStaffSessionOut(): StaffSessionOut {
  return { user: { ...STAFF, full_name: 'Sam Support' }, csrf_token: 'csrf-after-sign-in' };
}

export function makeTenant(overrides: Partial<SupportTenant> = {}): SupportTenant {
  return {
    id: 12,
    name: 'Northern Light Presets',
    subdomain: 'northern',
    status: 'active',
    created_at: '2025-01-10T10:00:00Z',
    owner_email: 'olivia@northern.example',
    plan_code: 'growth',
    ...overrides,
  };
}

export function makeTenantDetail(
  overrides: Partial<SupportTenantDetail> = {},
): SupportTenantDetail {
  return {
    id: 12,
    name: 'Northern Light Presets',
    subdomain: 'northern',
    schema_name: 'store_0007',
    status: 'active',
    url: 'http://northern.alva.localhost:8000/',
    created_at: '2025-01-10T10:00:00Z',
    claimed_at: '2025-01-10T10:00:00Z',
    owners: ['olivia@northern.example'],
    member_count: 3,
    plan: {
      code: 'growth',
      name: 'Growth',
      subscription_status: 'active',
      period_start: '2025-01-01T00:00:00Z',
      period_end: '2025-02-01T00:00:00Z',
      past_due_since: null,
    },
    usage: {
      deliveries: 450,
      deliveries_limit: 5000,
      storage_bytes: 2 * 1024 ** 3,
      storage_limit_bytes: 50 * 1024 ** 3,
      bundles: 4,
      bundle_limit: 50,
    },
    klaviyo: {
      mode: 'api_key',
      health: 'failing',
      account_id: 'AbC123',
      account_name: 'Northern Light',
      connected_at: '2025-01-10T11:00:00Z',
      last_error: 'Klaviyo answered 503 Service Unavailable.',
      last_error_at: '2025-01-12T09:00:00Z',
    },
    webhooks_24h: {
      accepted: 120,
      duplicate: 4,
      rejected: 6,
      reject_rate: 0.0461,
      last_errors: [
        {
          received_at: '2025-01-12T09:30:00Z',
          status_code: 401,
          error_code: 'invalid_secret',
          error_message: 'The webhook secret is wrong.',
        },
      ],
    },
    outbox: {
      pending: 7,
      sending: 1,
      waiting_for_connection: 0,
      oldest_unsent_at: '2025-01-12T09:00:00Z',
      failed_24h: 2,
    },
    ...overrides,
  };
}

export const DELIVERY_ID = 'de110000-0000-4000-8000-000000000001';

export function makeIndexedDelivery(overrides: Partial<IndexedDelivery> = {}): IndexedDelivery {
  return {
    delivery_id: DELIVERY_ID,
    tenant: { id: 12, name: 'Northern Light Presets', subdomain: 'northern', status: 'active' },
    bundle_name: 'Autumn Presets',
    status: 'Approved',
    is_test: false,
    created_at: '2025-01-12T10:00:00Z',
    ...overrides,
  };
}

/** A store's delivery as support reads it: the merchant's view of it, plus the store it belongs to. */
export function makeSupportDelivery(
  overrides: Partial<SupportDeliveryDetail> = {},
): SupportDeliveryDetail {
  return {
    ...makeDeliveryDetail(),
    id: DELIVERY_ID,
    tenant: { id: 12, name: 'Northern Light Presets', subdomain: 'northern', status: 'active' },
    fraud_score: 10,
    fraud_signals: [{ signal: 'new_ip', points: 10, detail: 'First download from a new IP.' }],
    events: [
      {
        kind: 'status',
        message: 'Processing → Approved. Fraud score 10.',
        actor: 'fraud',
        created_at: '2025-01-12T10:00:02Z',
      },
    ],
    ...overrides,
  };
}

export function makeAuditEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: 31,
    created_at: '2025-01-12T12:00:00Z',
    staff_id: STAFF.id,
    staff_email: STAFF.email,
    action: 'tenant.suspend',
    tenant: { id: 12, name: 'Northern Light Presets', subdomain: 'northern', status: 'suspended' },
    delivery_id: null,
    reason: 'Chargeback fraud, ticket 4411',
    details: { from: 'active', to: 'suspended' },
    result: null,
    ...overrides,
  };
}

export { page };
