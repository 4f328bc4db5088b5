import { RateLimiter } from '../../../src/channels/directline/rate-limit';

describe('RateLimiter', () => {
  it('allows max requests per window per client, then says how long to wait', () => {
    let clock = 0;
    const limiter = new RateLimiter({ max: 3, windowMs: 60_000 }, () => clock);
    expect([1, 2, 3].map(() => limiter.hit('a').allowed)).toEqual([true, true, true]);
    clock = 15_000;
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(limiter.hit('b').allowed).toBe(true);
    clock = 60_000;
    expect(limiter.hit('a').allowed).toBe(true);
  });
});
