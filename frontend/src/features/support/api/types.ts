// Short names for the support API's schemas (generated from backend/alva/support/schemas.py).
import type { components, paths } from '@/lib/api/generated/support';

type Schemas = components['schemas'];

export type StaffUser = Schemas['StaffOut'];
export type StaffSessionOut = Schemas['StaffSessionOut'];
export type TotpSetup = Schemas['StaffTotpSetupOut'];
export type SupportTenant = Schemas['SupportTenantOut'];
export type SupportTenantDetail = Schemas['SupportTenantDetailOut'];
export type SupportTenantBrief = Schemas['SupportTenantBriefOut'];
export type TenantStatus = SupportTenant['status'];
export type TenantQuery = NonNullable<
  paths['/api/support/v1/tenants']['get']['parameters']['query']
>;
export type TenantSort = NonNullable<TenantQuery['sort']>;
export type WebhookError = Schemas['WebhookErrorOut'];
export type IndexedDelivery = Schemas['IndexedDeliveryOut'];
export type DeliverySearchQuery = NonNullable<
  paths['/api/support/v1/deliveries']['get']['parameters']['query']
>;
export type SupportDeliveryDetail = Schemas['SupportDeliveryDetailOut'];
export type SupportDeliveryStatus = Schemas['DeliveryStatus'];
export type SupportToken = Schemas['TokenOut'];
export type SupportKlaviyoEvent = Schemas['KlaviyoEventOut'];
export type AuditEntry = Schemas['AuditEntryOut'];
export type AuditAction = Schemas['SupportAction'];
export type AuditQuery = NonNullable<
  paths['/api/support/v1/audit-log']['get']['parameters']['query']
>;

export interface Page<T> {
  items: T[];
  count: number;
}
