// Query keys of the support console (its own app: nothing here is shared with the dashboard).

export const supportKeys = {
  tenants: ['support', 'tenants'] as const,
  tenantList: (params: object) => ['support', 'tenants', 'list', params] as const,
  tenant: (tenantId: number) => ['support', 'tenants', 'detail', tenantId] as const,
  deliveries: ['support', 'deliveries'] as const,
  deliverySearch: (params: object) => ['support', 'deliveries', 'search', params] as const,
  delivery: (deliveryId: string) => ['support', 'deliveries', 'detail', deliveryId] as const,
  audit: ['support', 'audit'] as const,
  auditLog: (params: object) => ['support', 'audit', params] as const,
};
