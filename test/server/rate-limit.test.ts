import type { Request } from 'restify';
import { clientAddress, RateLimiter } from '../../src/server/rate-limit';

describe('RateLimiter (a token bucket per client)', () => {
  it('allows a burst, then refills at the rate and says how long to wait; other clients have their own bucket', () => {
    let clock = 0;
    const limiter = new RateLimiter({ burst: 3, perSecond: 0.5 }, () => clock);
    expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 2 });
    expect(limiter.hit('b').allowed).toBe(true);
    clock = 1_000; // half a request back: still 1 s to wait
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    clock = 2_000;
    expect(limiter.hit('a').allowed).toBe(true);
    expect(limiter.hit('a').allowed).toBe(false);
    clock = 60_000; // never more than the burst, however long the client was away
    expect([1, 2, 3, 4].map(() => limiter.hit('a').allowed)).toEqual([true, true, true, false]);
  });
});

describe('clientAddress', () => {
  const request = (remoteAddress: string, forwardedFor?: string) =>
    ({ socket: { remoteAddress }, headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {} }) as unknown as Request;

  it('is the socket address of a client that connects directly, whatever X-Forwarded-For it sends', () => {
    expect(clientAddress(request('198.51.100.4', '203.0.113.9'))).toBe('198.51.100.4');
  });

  it('behind a proxy on a loopback or private address, is the entry that proxy added (the last), not one the client wrote', () => {
    expect(clientAddress(request('10.0.0.5', '192.0.2.1, 203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(request('::ffff:127.0.0.1', '203.0.113.9'))).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1'))).toBe('127.0.0.1');
  });
});
