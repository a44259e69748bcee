import { afterEach, describe, expect, it, vi } from 'vitest';
import { dropEarly, startEarly, takeEarly, takeEarlyData } from './early-requests';

const LIST = ['deliveries', 'list', { page: 1, sort: '-created_at' }] as const;
// The same key with its object's fields in another order: query keys hash them sorted.
const SAME_LIST = ['deliveries', 'list', { sort: '-created_at', page: 1 }] as const;

function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Let the early answer's `then` run. */
async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 0));
}

afterEach(() => {
  dropEarly();
  vi.useRealTimers();
});

describe('early requests', () => {
  it('hands an arrived answer to the first query as its data, once', async () => {
    startEarly(LIST, () => Promise.resolve({ items: [], count: 7 }));
    await settle();

    expect(takeEarlyData(SAME_LIST)).toEqual({ items: [], count: 7 });
    expect(takeEarlyData(LIST)).toBeUndefined();
    expect(takeEarly(LIST)).toBeUndefined();
  });

  it('leaves an answer still on its way to the query function', async () => {
    const answer = deferred<{ count: number }>();
    startEarly(LIST, () => answer.promise);

    expect(takeEarlyData(LIST)).toBeUndefined();
    const taken = takeEarly(LIST);
    expect(taken).toBeDefined();
    answer.resolve({ count: 3 });
    await expect(taken).resolves.toEqual({ count: 3 });
    expect(takeEarly(LIST)).toBeUndefined();
  });

  it('never offers a failed answer as data, and lets the query see the error', async () => {
    startEarly(LIST, () => Promise.reject(new Error('offline')));
    await settle();

    expect(takeEarlyData(LIST)).toBeUndefined();
    await expect(takeEarly(LIST)).rejects.toThrow('offline');
  });

  it('is only for the key it was asked for', async () => {
    startEarly(LIST, () => Promise.resolve({ count: 1 }));
    await settle();

    expect(takeEarlyData(['deliveries', 'list', { page: 2, sort: '-created_at' }])).toBeUndefined();
    expect(takeEarlyData(LIST)).toEqual({ count: 1 });
  });

  it('expires after the default staleTime', async () => {
    vi.useFakeTimers({ now: new Date('2025-01-10T12:00:00Z'), toFake: ['Date'] });
    startEarly(LIST, () => Promise.resolve({ count: 1 }));
    await settle();
    vi.setSystemTime(new Date('2025-01-10T12:00:31Z'));

    expect(takeEarlyData(LIST)).toBeUndefined();
    expect(takeEarly(LIST)).toBeUndefined();
  });

  it('drops every answer but the one kept', async () => {
    startEarly(['session'], () => Promise.resolve(null));
    startEarly(LIST, () => Promise.resolve({ count: 1 }));
    await settle();

    dropEarly(['session']);

    expect(takeEarlyData(LIST)).toBeUndefined();
    expect(takeEarlyData(['session'])).toBeNull();
  });
});
