import type { Request } from 'restify';

export interface RateLimit {
  max: number;
  windowMs: number;
}

const MAX_TRACKED_CLIENTS = 10_000;

/**
 * Counts requests per client in fixed windows. In memory on purpose: it only has to slow down
 * one client minting tokens in a loop, and each instance doing that on its own is enough.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request; returns the seconds to wait when the client is over its limit. */
  hit(client: string): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const now = this.now();
    let window = this.windows.get(client);
    if (!window || now - window.start >= this.limit.windowMs) {
      if (this.windows.size >= MAX_TRACKED_CLIENTS) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(client, window);
    }
    window.count += 1;
    if (window.count <= this.limit.max) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((window.start + this.limit.windowMs - now) / 1000)) };
  }

  private prune(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.start >= this.limit.windowMs) this.windows.delete(client);
    }
    // Still full (a flood of distinct addresses): forget the oldest half rather than grow.
    if (this.windows.size >= MAX_TRACKED_CLIENTS) {
      let drop = Math.floor(this.windows.size / 2);
      for (const client of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(client);
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
