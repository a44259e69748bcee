// The page a list's URL asks for. No React here: the deliveries list's early request uses it too.

/** A whole number from 1; anything else in `?page=` is page 1. */
export function pageFrom(params: URLSearchParams): number {
  return Math.max(1, Math.floor(Number(params.get('page'))) || 1);
}
