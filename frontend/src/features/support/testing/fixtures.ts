// Realistic support API answers for the console's component tests.
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

export function makeSupportDelivery(
  overrides: Partial<SupportDeliveryDetail> = {},
): SupportDeliveryDetail {
  return {
    id: DELIVERY_ID,
    tenant: { id: 12, name: 'Northern Light Presets', subdomain: 'northern', status: 'active' },
    status: 'Approved',
    is_test: false,
    fraud_score: 10,
    fraud_signals: [{ signal: 'new_ip', points: 10, detail: 'First download from a new IP.' }],
    customer: {
      id: 'c0000001-0000-4000-8000-000000000001',
      email: 'casey@customer.example',
      first_name: 'Casey',
      last_name: 'Buyer',
      phone: '',
      klaviyo_profile_id: '01HPROFILE',
      external_id: '',
      created_at: '2025-01-12T10:00:00Z',
      redacted_at: null,
    },
    bundle: { id: 'b0000001-0000-4000-8000-000000000001', name: 'Autumn Presets' },
    created_at: '2025-01-12T10:00:00Z',
    decided_at: '2025-01-12T10:00:02Z',
    first_download_at: null,
    payload: { email: 'casey@customer.example', order_id: '1001' },
    tokens: [
      {
        id: '70ce0000-0000-4000-8000-000000000001',
        created_at: '2025-01-12T10:00:02Z',
        expires_at: '2099-01-15T10:00:02Z',
        revoked_at: null,
        downloads_used: 1,
        max_downloads: 5,
        ips_used: 1,
        max_unique_ips: 3,
        downloads: [
          {
            id: 'd0e10000-0000-4000-8000-000000000001',
            file_id: 'f0000001-0000-4000-8000-000000000001',
            file_name: 'presets.zip',
            ip: '203.0.113.7',
            user_agent: 'Mozilla/5.0 (Macintosh)',
            created_at: '2025-01-12T11:00:00Z',
          },
        ],
      },
    ],
    events: [
      {
        kind: 'status',
        message: 'Processing → Approved. Fraud score 10.',
        actor: 'fraud',
        created_at: '2025-01-12T10:00:02Z',
      },
    ],
    klaviyo_events: [
      {
        id: 'e7e70000-0000-4000-8000-000000000001',
        metric: 'Alva Download Ready',
        state: 'sent',
        attempts: 1,
        last_error: '',
        sent_at: '2025-01-12T10:00:03Z',
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

export function page<T>(items: T[], count = items.length) {
  return { items, count };
}
