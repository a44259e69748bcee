// Requests started before the code that needs them has loaded (main.tsx starts them on a store
// host while the dashboard's chunks download). The first query with the same key uses the
// answer instead of asking again: as its initial data when it has already arrived (the screen
// renders with it at once), or as its in-flight request. An early answer is used once, expires
// with the default staleTime, and is dropped when the session turns out to be absent or changes,
// so it never outlives the session it was asked under.
import { hashKey, type QueryKey } from '@tanstack/react-query';

const MAX_AGE_MS = 30_000;

interface Early {
  answer: Promise<unknown>;
  startedAt: number;
  /** Set when the answer has arrived and is not an error. */
  arrived?: { data: unknown };
}

const pending = new Map<string, Early>();

export function startEarly(queryKey: QueryKey, request: () => Promise<unknown>): void {
  const early: Early = { answer: request(), startedAt: Date.now() };
  early.answer.then(
    (data) => {
      early.arrived = { data };
    },
    // Nobody may take it (another screen opened first): that is no unhandled rejection.
    () => undefined,
  );
  pending.set(hashKey(queryKey), early);
}

function take(queryKey: QueryKey, arrivedOnly: boolean): Early | undefined {
  const key = hashKey(queryKey);
  const early = pending.get(key);
  if (!early || (arrivedOnly && !early.arrived)) return undefined;
  pending.delete(key);
  return Date.now() - early.startedAt > MAX_AGE_MS ? undefined : early;
}

// Untyped: the caller knows what it asked for under its key, and says so.

/** The early answer's data if it has already arrived (for `initialData`), once. */
export function takeEarlyData(queryKey: QueryKey): unknown {
  return take(queryKey, true)?.arrived?.data;
}

/** The early request for this key, arrived or not (for a `queryFn`), once. */
export function takeEarly(queryKey: QueryKey): Promise<unknown> | undefined {
  return take(queryKey, false)?.answer;
}

/** Forget every early answer but `keep`'s (nobody is logged in, or the session changed). */
export function dropEarly(keep?: QueryKey): void {
  const kept = keep && pending.get(hashKey(keep));
  pending.clear();
  if (keep && kept) pending.set(hashKey(keep), kept);
}
