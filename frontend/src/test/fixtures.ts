// Realistic API answers for component tests.
import type {
  ApiKey,
  Billing,
  Bundle,
  BundleFile,
  Delivery,
  DeliveryDetail,
  Invitation,
  KlaviyoConnection,
  Me,
  Member,
  Plan,
  Role,
  SessionOut,
  WebhookCall,
} from '@/lib/api/types';

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

let sequence = 0;
/** A UUID-shaped id, different on every call. */
export function uuid(prefix = '0000'): string {
  sequence += 1;
  return `${prefix.padStart(8, '0').slice(0, 8)}-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export function makeFile(overrides: Partial<BundleFile> = {}): BundleFile {
  return {
    id: uuid('f11e'),
    bundle_id: 'b0000001-0000-4000-8000-000000000001',
    filename: 'presets.zip',
    size: 2_400_000,
    content_type: 'application/zip',
    category: 'ARCHIVE',
    sha256: 'a'.repeat(64),
    state: 'ready',
    position: 0,
    created_at: '2025-01-12T10:00:00Z',
    uploaded_at: '2025-01-12T10:01:00Z',
    ...overrides,
  };
}

export function makeBundle(overrides: Partial<Bundle> = {}): Bundle {
  const files = overrides.files ?? [];
  return {
    id: 'b0000001-0000-4000-8000-000000000001',
    name: 'Autumn Presets',
    description: 'Twelve Lightroom presets.',
    active: true,
    expiry_days: 3,
    max_downloads: 5,
    max_unique_ips: 3,
    webhook_url: 'http://acme.alva.localhost:8000/webhook/wh_autumn123',
    file_count: files.length,
    files,
    created_at: '2025-01-12T10:00:00Z',
    updated_at: '2025-01-12T10:00:00Z',
    ...overrides,
  };
}

export function makeDelivery(overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: uuid('de11'),
    status: 'Approved',
    is_test: false,
    fraud_score: 0,
    customer: {
      id: 'c0000001-0000-4000-8000-000000000001',
      email: 'casey@customer.example',
      first_name: 'Casey',
      last_name: 'Buyer',
    },
    bundle: { id: 'b0000001-0000-4000-8000-000000000001', name: 'Autumn Presets' },
    created_at: '2025-01-12T10:00:00Z',
    decided_at: '2025-01-12T10:00:02Z',
    first_download_at: null,
    ...overrides,
  };
}

export function makeDeliveryDetail(overrides: Partial<DeliveryDetail> = {}): DeliveryDetail {
  const base = makeDelivery();
  return {
    ...base,
    customer: {
      ...base.customer,
      phone: '',
      klaviyo_profile_id: '01HPROFILE',
      external_id: '',
      created_at: '2025-01-12T10:00:00Z',
      redacted_at: null,
    },
    fraud_signals: [],
    payload: { email: 'casey@customer.example', order_id: '1001' },
    tokens: [
      {
        id: uuid('70ce'),
        created_at: '2025-01-12T10:00:02Z',
        expires_at: '2099-01-15T10:00:02Z',
        revoked_at: null,
        downloads_used: 1,
        max_downloads: 5,
        ips_used: 1,
        max_unique_ips: 3,
        downloads: [
          {
            id: uuid('d0e1'),
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
        message: 'Webhook accepted; delivery is Processing.',
        actor: 'system',
        created_at: '2025-01-12T10:00:00Z',
      },
      {
        kind: 'status',
        message: 'Processing → Approved. Fraud score 0.',
        actor: 'fraud',
        created_at: '2025-01-12T10:00:02Z',
      },
    ],
    klaviyo_events: [
      {
        id: uuid('e7e7'),
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

export function makeKlaviyo(overrides: Partial<KlaviyoConnection> = {}): KlaviyoConnection {
  return {
    mode: null,
    health: 'disconnected',
    account: null,
    scopes: [],
    connected_at: null,
    last_error: null,
    last_error_at: null,
    waiting_events: 0,
    ...overrides,
  };
}

export function makeWebhookCall(overrides: Partial<WebhookCall> = {}): WebhookCall {
  const id = uuid('ca11');
  return {
    id,
    received_at: '2025-01-12T10:00:00Z',
    bundle_id: 'b0000001-0000-4000-8000-000000000001',
    outcome: 'accepted',
    status_code: 202,
    error_code: '',
    error_message: '',
    duplicate_of: null,
    delivery_id: id,
    is_test: false,
    ...overrides,
  };
}

export function page<T>(items: T[], count = items.length) {
  return { items, count };
}

/** GET /billing of a store on Free, well within its plan (what the owner's shell asks for). */
export function makeBilling(overrides: Partial<Billing> = {}): Billing {
  return {
    plan: {
      code: 'free',
      name: 'Free',
      monthly_deliveries: 100,
      storage_bytes: 1024 ** 3,
      bundle_limit: 3,
      price_monthly_cents: 0,
      currency: 'usd',
    },
    status: 'active',
    period: { start: '2025-01-01T00:00:00Z', end: '2025-02-01T00:00:00Z' },
    renews_at: null,
    cancel_at_period_end: false,
    past_due_since: null,
    payment_hold_starts_at: null,
    deliveries_held_for_payment: false,
    deliveries_held: 0,
    usage: { deliveries: 12, storage_bytes: 50 * 1024 ** 2, bundles: 1 },
    limits: { deliveries: 100, storage_bytes: 1024 ** 3, bundles: 3 },
    over_quota: { deliveries: false, storage: false },
    portal_available: false,
    ...overrides,
  };
}

/** GET /billing/plans as the seeded plans answer it. */
export function makePlans(): Plan[] {
  const GIB = 1024 ** 3;
  const plan = (
    code: string,
    name: string,
    deliveries: number,
    gib: number,
    bundles: number,
    cents: number,
  ) => ({
    code,
    name,
    monthly_deliveries: deliveries,
    storage_bytes: gib * GIB,
    bundle_limit: bundles,
    price_monthly_cents: cents,
    currency: 'usd',
  });
  return [
    plan('free', 'Free', 100, 1, 3, 0),
    plan('starter', 'Starter', 1_000, 10, 20, 1_900),
    plan('growth', 'Growth', 10_000, 100, 100, 4_900),
    plan('scale', 'Scale', 100_000, 1_024, 1_000, 14_900),
  ];
}
