// Short names for the schemas the screens use.
import type { components as Merchant, paths as MerchantPaths } from './generated/merchant';
import type { components as Public } from './generated/public';

type MerchantSchemas = Merchant['schemas'];
type PublicSchemas = Public['schemas'];

export type Role = MerchantSchemas['Role'];
export type Me = MerchantSchemas['MeOut'];
export type SessionOut = MerchantSchemas['SessionOut'];
export type Member = MerchantSchemas['MemberOut'];
export type Invitation = MerchantSchemas['InvitationOut'];
export type InvitationCreated = MerchantSchemas['InvitationCreatedOut'];
export type Team = MerchantSchemas['TeamOut'];
export type ApiKey = MerchantSchemas['ApiKeyOut'];
export type ApiKeyCreated = MerchantSchemas['ApiKeyCreatedOut'];
export type SignupIn = PublicSchemas['SignupIn'];
export type SignupOut = PublicSchemas['SignupOut'];
export type Availability = PublicSchemas['AvailabilityOut'];
export type Bundle = MerchantSchemas['BundleOut'];
export type BundleIn = MerchantSchemas['BundleIn'];
export type BundlePatch = MerchantSchemas['BundlePatchIn'];
export type BundleDeleteResult = MerchantSchemas['BundleDeleteOut'];
export type BundleFile = MerchantSchemas['FileOut'];
export type FileState = MerchantSchemas['State'];
export type FileUpload = MerchantSchemas['FileUploadOut'];
export type PutUpload = MerchantSchemas['PutUploadOut'];
export type MultipartUpload = MerchantSchemas['MultipartUploadOut'];
export type CatalogSettings = MerchantSchemas['CatalogSettingsOut'];
export type Delivery = MerchantSchemas['DeliveryOut'];
export type DeliveryDetail = MerchantSchemas['DeliveryDetailOut'];
export type DeliveryStatus = MerchantSchemas['DeliveryStatus'];
export type DeliveryQuery = NonNullable<
  MerchantPaths['/api/v1/deliveries']['get']['parameters']['query']
>;
export type DeliverySort = NonNullable<DeliveryQuery['sort']>;
export type DeliveryToken = MerchantSchemas['TokenOut'];
export type KlaviyoEvent = MerchantSchemas['KlaviyoEventOut'];
export type Customer = MerchantSchemas['CustomerListOut'];
export type CustomerDetail = MerchantSchemas['CustomerDetailOut'];
export type Analytics = MerchantSchemas['AnalyticsOut'];
export type WebhookSettings = MerchantSchemas['WebhookSettingsOut'];
export type WebhookEndpoint = MerchantSchemas['EndpointOut'];
export type WebhookCall = MerchantSchemas['WebhookCallOut'];
export type WebhookLogQuery = NonNullable<
  MerchantPaths['/api/v1/webhook-log']['get']['parameters']['query']
>;
export type KlaviyoConnection = MerchantSchemas['KlaviyoConnectionOut'];
export type KlaviyoHealth = MerchantSchemas['KlaviyoHealth'];
export type FraudSettings = MerchantSchemas['FraudSettingsOut'];
export type FraudSettingsIn = MerchantSchemas['FraudSettingsIn'];
export type StoreSettings = MerchantSchemas['StoreSettingsOut'];
export type StoreSettingsIn = MerchantSchemas['StoreSettingsIn'];
export type LogoUpload = MerchantSchemas['LogoUploadOut'];
export type DeliveryDefaults = MerchantSchemas['DeliveryDefaultsOut'];
export type DeliveryDefaultsIn = MerchantSchemas['DeliveryDefaultsIn'];
export type Billing = MerchantSchemas['BillingOut'];
export type Plan = MerchantSchemas['PlanOut'];
export type CustomerErasure = MerchantSchemas['CustomerErasureOut'];
