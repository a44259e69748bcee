// Query keys of data more than one feature reads or changes: one place, so that a change made on
// one screen refreshes what every other screen shows (a new bundle ticks the onboarding checklist).

export const queryKeys = {
  bundles: ['bundles'] as const,
  bundleList: (params: object) => ['bundles', 'list', params] as const,
  bundle: (bundleId: string) => ['bundles', 'detail', bundleId] as const,
  bundleOptions: ['bundles', 'options'] as const,
  catalogSettings: ['settings', 'catalog'] as const,
  deliveries: ['deliveries'] as const,
  deliveryList: (params: object) => ['deliveries', 'list', params] as const,
  delivery: (deliveryId: string) => ['deliveries', 'detail', deliveryId] as const,
  pendingCount: ['deliveries', 'pending-count'] as const,
  customers: ['customers'] as const,
  customerList: (params: object) => ['customers', 'list', params] as const,
  customer: (customerId: string) => ['customers', 'detail', customerId] as const,
  analytics: (params: object) => ['analytics', params] as const,
  webhookSettings: ['webhook', 'settings'] as const,
  webhookLog: (params: object) => ['webhook', 'log', params] as const,
  webhookLogAll: ['webhook', 'log'] as const,
  klaviyo: ['settings', 'klaviyo'] as const,
  fraudSettings: ['settings', 'fraud'] as const,
  storeSettings: ['settings', 'store'] as const,
  deliveryDefaults: ['settings', 'delivery-defaults'] as const,
  billing: ['billing'] as const,
  billingPlans: ['billing', 'plans'] as const,
  onboarding: ['onboarding'] as const,
};
