import { retryAfterOf, withCosmosRetries } from '../../../src/services/storage/cosmos-store';
import { StoreUnavailableError } from '../../../src/services/storage/store';

/** An operation that throws the given errors in turn, then returns 'ok'. */
function flaky(...errors: unknown[]) {
  const op = jest.fn(async () => {
    const next = errors.shift();
    if (next !== undefined) throw next;
    return 'ok';
  });
  return op;
}

function recorder() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const throttled = (retryAfterInMs?: number) => Object.assign(new Error('Request rate is large'), { code: 429, retryAfterInMs });
const unavailable = () => Object.assign(new Error('Service unavailable'), { code: 503 });
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

describe('withCosmosRetries', () => {
  it('waits exactly as long as a 429 asks, then returns the result', async () => {
    const { waits, sleep } = recorder();
    const op = flaky(throttled(300), throttled(700));
    await expect(withCosmosRetries(op, { maxRetries: 5, sleep })).resolves.toBe('ok');
    expect(op).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([300, 700]);
  });

  it('reads the x-ms-retry-after-ms header when the error has no retryAfterInMs', async () => {
    const { waits, sleep } = recorder();
    const err = Object.assign(new Error('throttled'), { code: 429, headers: { 'x-ms-retry-after-ms': '450' } });
    await expect(withCosmosRetries(flaky(err), { maxRetries: 1, sleep })).resolves.toBe('ok');
    expect(waits).toEqual([450]);
    expect(retryAfterOf({ retryAfterInMs: 0 })).toBe(0);
    expect(retryAfterOf({ code: 429 })).toBeUndefined();
  });

  it('backs off exponentially with jitter on 503 when no wait is given, capped at maxDelayMs', async () => {
    const { waits, sleep } = recorder();
    const op = flaky(unavailable(), unavailable(), unavailable(), unavailable());
    await expect(withCosmosRetries(op, { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 500, sleep })).resolves.toBe('ok');
    expect(waits).toHaveLength(4);
    [100, 200, 400].forEach((full, i) => {
      expect(waits[i]).toBeGreaterThanOrEqual(full / 2);
      expect(waits[i]).toBeLessThanOrEqual(full);
    });
    expect(waits[3]).toBeLessThanOrEqual(500);
    expect(waits[3]).toBeGreaterThanOrEqual(400);
  });

  it('caps a service-requested wait at maxDelayMs', async () => {
    const { waits, sleep } = recorder();
    await withCosmosRetries(flaky(throttled(60_000)), { maxRetries: 1, maxDelayMs: 2_000, sleep });
    expect(waits).toEqual([2_000]);
  });

  it('retries dropped connections, including ones wrapped in a cause', async () => {
    const { waits, sleep } = recorder();
    const wrapped = Object.assign(new Error('request failed'), { cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }) });
    const op = flaky(reset(), wrapped);
    await expect(withCosmosRetries(op, { maxRetries: 2, sleep })).resolves.toBe('ok');
    expect(op).toHaveBeenCalledTimes(3);
    expect(waits).toHaveLength(2);
  });

  it('throws StoreUnavailableError with the last error as cause once the retries run out', async () => {
    const { waits, sleep } = recorder();
    const last = throttled(10);
    const op = flaky(throttled(10), throttled(10), last);
    const failure = withCosmosRetries(op, { maxRetries: 2, sleep });
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failure).rejects.toMatchObject({ message: expect.stringContaining('3 attempts'), cause: last });
    expect(op).toHaveBeenCalledTimes(3);
    expect(waits).toEqual([10, 10]);
  });

  it('reports a connection failure by its code after the retries', async () => {
    const op = flaky(reset(), reset(), reset());
    await expect(withCosmosRetries(op, { maxRetries: 2, sleep: async () => {} })).rejects.toThrow(/ECONNRESET/);
  });

  it('passes other errors through at once: conflicts, missing records, bad requests', async () => {
    for (const code of [400, 404, 409, 412]) {
      const { waits, sleep } = recorder();
      const err = Object.assign(new Error(`status ${code}`), { code });
      const op = flaky(err);
      await expect(withCosmosRetries(op, { maxRetries: 5, sleep })).rejects.toBe(err);
      expect(op).toHaveBeenCalledTimes(1);
      expect(waits).toEqual([]);
    }
  });
});
