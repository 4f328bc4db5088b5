import type { Request } from 'restify';

/** A token bucket: a client may make `burst` requests at once, then `perSecond` on average. */
export interface RateLimit {
  burst: number;
  perSecond: number;
}

const MAX_TRACKED_CLIENTS = 10_000;

/**
 * A token bucket per client. In memory on purpose: it only has to keep one client from taking
 * more than its share of this instance (minting tokens in a loop, flooding turns), and each
 * instance doing that on its own is enough.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns the seconds to wait when the client is over its limit. */
  hit(client: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    let bucket = this.buckets.get(client);
    if (!bucket) {
      if (this.buckets.size >= MAX_TRACKED_CLIENTS) this.prune(now);
      bucket = { tokens: this.limit.burst, at: now };
      this.buckets.set(client, bucket);
    }
    bucket.tokens = this.tokensAt(bucket, now);
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    // The time until the bucket holds one whole request again.
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.perSecond)) };
  }

  private tokensAt(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.limit.burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * this.limit.perSecond);
  }

  private prune(now: number): void {
    // A bucket that has filled up again is the same as none.
    for (const [client, bucket] of this.buckets) {
      if (this.tokensAt(bucket, now) >= this.limit.burst) this.buckets.delete(client);
    }
    // Still full (a flood of distinct addresses): forget the oldest half rather than grow.
    if (this.buckets.size >= MAX_TRACKED_CLIENTS) {
      let drop = Math.floor(this.buckets.size / 2);
      for (const client of this.buckets.keys()) {
        if (drop-- <= 0) break;
        this.buckets.delete(client);
      }
    }
  }
}

const LOOPBACK_OR_PRIVATE = /^(::1$|127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|fc|fd|::ffff:(127\.|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.))/i;

/**
 * The address to count a request against. A direct client is its socket address. When the
 * socket is a loopback or private address, a reverse proxy (App Service, nginx) is in front, and
 * the last X-Forwarded-For entry is the one that proxy added: a client cannot forge it.
 */
export function clientAddress(req: Request): string {
  const socketAddress = req.socket?.remoteAddress ?? 'unknown';
  if (!LOOPBACK_OR_PRIVATE.test(socketAddress)) return socketAddress;
  const forwarded = String(req.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return forwarded.at(-1) ?? socketAddress;
}
