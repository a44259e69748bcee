// Short names for the schemas the screens use.
import type { components as Merchant } from './generated/merchant';
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
