// The delivery policy every download link gets (product spec §3): its ranges and Alva's defaults,
// shared by the bundle form and the store's delivery defaults (the API checks the same ranges).

export const DELIVERY_POLICY = {
  expiry_days: { min: 1, max: 365, label: 'Link lifetime (days)', default: 3 },
  max_downloads: { min: 1, max: 1000, label: 'Downloads per link', default: 5 },
  max_unique_ips: { min: 1, max: 100, label: 'Unique IPs per link', default: 3 },
} as const;

export type PolicyField = keyof typeof DELIVERY_POLICY;

export const POLICY_FIELDS = Object.keys(DELIVERY_POLICY) as PolicyField[];

export type DeliveryPolicy = Record<PolicyField, number>;

export const ALVA_POLICY_DEFAULTS: DeliveryPolicy = {
  expiry_days: DELIVERY_POLICY.expiry_days.default,
  max_downloads: DELIVERY_POLICY.max_downloads.default,
  max_unique_ips: DELIVERY_POLICY.max_unique_ips.default,
};

/** A Mantine form validator: a whole number inside the field's range. */
export function policyRangeRule(field: PolicyField) {
  const { min, max } = DELIVERY_POLICY[field];
  return (value: number | string) =>
    typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
      ? null
      : `Enter a whole number from ${min} to ${max}.`;
}
