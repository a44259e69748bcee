// A subdomain suggestion from a store name, following the backend's rules (a-z, 0-9, single hyphens).

export function suggestSubdomain(storeName: string): string {
  return storeName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** What people may type: the same alphabet, lower-cased as they go. */
export function cleanSubdomainInput(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '-');
}
