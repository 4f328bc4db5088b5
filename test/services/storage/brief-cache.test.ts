import { briefCache } from '../../../src/services/storage/brief-cache';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms), set: (t: number) => void (now = t) };
}

/** A read that answers 1, 2, 3, ... and counts how often it ran. */
function counter() {
  let calls = 0;
  const read = jest.fn(async () => ++calls);
  return { read, calls: () => calls };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('briefCache', () => {
  it('answers from memory within ttl and reads again once the answer is ttl old', async () => {
    const c = clock();
    const { read } = counter();
    const cache = briefCache(read, 15_000, c.now);
    await expect(cache.get()).resolves.toBe(1);
    c.advance(14_999);
    await expect(cache.get()).resolves.toBe(1);
    expect(read).toHaveBeenCalledTimes(1);
    c.advance(1); // exactly ttl
    await expect(cache.get()).resolves.toBe(2);
    c.advance(20_000); // well past ttl
    await expect(cache.get()).resolves.toBe(3);
    expect(read).toHaveBeenCalledTimes(3);
  });

  it('counts the ttl from the new read, not from the first one', async () => {
    const c = clock();
    const { read } = counter();
    const cache = briefCache(read, 10_000, c.now);
    await cache.get();
    c.advance(10_000);
    await expect(cache.get()).resolves.toBe(2);
    c.advance(9_999);
    await expect(cache.get()).resolves.toBe(2);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('reads again when the clock went backwards rather than trusting an answer from the future', async () => {
    const c = clock();
    const { read } = counter();
    const cache = briefCache(read, 15_000, c.now);
    await cache.get();
    c.advance(-1);
    await expect(cache.get()).resolves.toBe(2);
  });

  it('lets concurrent callers share one read', async () => {
    const c = clock();
    const pending = deferred<number>();
    const read = jest.fn(() => pending.promise);
    const cache = briefCache(read, 15_000, c.now);
    const answers = [cache.get(), cache.get(), cache.get()];
    expect(read).toHaveBeenCalledTimes(1);
    pending.resolve(7);
    await expect(Promise.all(answers)).resolves.toEqual([7, 7, 7]);
    await expect(cache.get()).resolves.toBe(7);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('does not remember a rejected read: the next caller reads again', async () => {
    const c = clock();
    const read = jest.fn<Promise<number>, []>().mockRejectedValueOnce(new Error('store unreachable')).mockResolvedValue(5);
    const cache = briefCache(read, 15_000, c.now);
    await expect(cache.get()).rejects.toThrow('store unreachable');
    await expect(cache.get()).resolves.toBe(5);
    await expect(cache.get()).resolves.toBe(5);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('forget() makes the next caller read again, even within ttl', async () => {
    const c = clock();
    const { read } = counter();
    const cache = briefCache(read, 15_000, c.now);
    await expect(cache.get()).resolves.toBe(1);
    cache.forget();
    await expect(cache.get()).resolves.toBe(2);
    await expect(cache.get()).resolves.toBe(2);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('a read that fails after forget() does not throw away the newer answer', async () => {
    const c = clock();
    const first = deferred<number>();
    const read = jest.fn<Promise<number>, []>().mockReturnValueOnce(first.promise).mockResolvedValue(9);
    const cache = briefCache(read, 15_000, c.now);
    const stale = cache.get();
    cache.forget();
    await expect(cache.get()).resolves.toBe(9);
    first.reject(new Error('late failure'));
    await expect(stale).rejects.toThrow('late failure');
    await expect(cache.get()).resolves.toBe(9);
    expect(read).toHaveBeenCalledTimes(2);
  });

  it('uses Date.now when no clock is given', async () => {
    const { read } = counter();
    const cache = briefCache(read, 60_000);
    await cache.get();
    await expect(cache.get()).resolves.toBe(1);
    expect(read).toHaveBeenCalledTimes(1);
  });
});
