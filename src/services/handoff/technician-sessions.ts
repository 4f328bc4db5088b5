import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { briefCache } from '../storage/brief-cache';
import { createOnce } from '../storage/create-once';
import type { Store } from '../storage/store';
import { ROLES, type Technician } from './technician-accounts';

const C = 'technicians';
const P = 'sessions';
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

const sessionSchema = z.object({
  technicianId: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  createdAt: z.number(),
  expiresAt: z.number(),
  lastSeenAt: z.number(),
});
export type Session = z.infer<typeof sessionSchema>;

export interface SessionOptions {
  now?: () => number;
  /** Idle timeout: each use pushes the expiry this far ahead, so a technician in a chat is not signed out mid-conversation. */
  ttlSeconds?: number;
  /** Absolute cap since sign-in, however busy the session: a stolen token does not live for ever. */
  maxAgeSeconds?: number;
  /** lastSeenAt is refreshed at most this often, so a polling console costs one write a minute, not one per request. */
  touchEverySeconds?: number;
}

/**
 * How long a technician still counts as signed in for their live chats after their session expired
 * (the 24-hour cap or 8 hours idle): one who signs straight back in finds the chats still theirs,
 * not requeued to be claimed again, and the user is not told "stepped away" then "joined" a minute
 * apart. Expired sessions are kept this long for it; they no longer authenticate. A sign-out deletes
 * its session, so it has no grace.
 */
export const SIGN_BACK_IN_GRACE_SECONDS = 5 * 60;

/** Only a hash of the token is stored: a copy of the store does not let anyone sign in. */
export const tokenKey = (token: string) => `session/${createHash('sha256').update(token).digest('hex')}`;

/** Bearer sessions of technicians (technicians/sessions), expiring on their own. */
export class TechnicianSessions {
  private readonly now: () => number;
  private readonly ttlSeconds: number;
  readonly maxAgeSeconds: number;
  // "Is anyone signed in?" is asked at every handoff request; sessions count as online for
  // minutes after their last use, so an answer 15 seconds old is as good as a fresh one.
  // This instance's own sign-ins, sign-outs and touches make the next answer fresh.
  private readonly online = new Map<number, ReturnType<typeof briefCache<number>>>();

  constructor(
    private readonly store: Store,
    private readonly options: SessionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.ttlSeconds = options.ttlSeconds ?? 8 * 3600;
    this.maxAgeSeconds = Math.max(this.ttlSeconds, options.maxAgeSeconds ?? 24 * 3600);
  }

  async create(technician: Technician): Promise<{ token: string; expiresAt: string }> {
    const token = randomBytes(32).toString('base64url');
    const at = this.now();
    const session: Session = {
      technicianId: technician.id,
      username: technician.username,
      name: technician.name,
      roles: technician.roles,
      createdAt: at,
      expiresAt: at + this.ttlSeconds * 1000,
      lastSeenAt: at,
    };
    await createOnce(this.store, C, P, tokenKey(token), session, { ttlSeconds: this.ttlSeconds + SIGN_BACK_IN_GRACE_SECONDS });
    this.forgetOnline();
    return { token, expiresAt: new Date(session.expiresAt).toISOString() };
  }

  /**
   * The live session for a token; undefined for a missing, malformed, unknown or expired one.
   * Its use slides the expiry (stored, so a restart keeps it) up to the absolute cap.
   */
  async authenticate(token: string | undefined): Promise<Session | undefined> {
    if (!token || !TOKEN_SHAPE.test(token)) return undefined;
    const found = await this.store.get<Session>(C, P, tokenKey(token));
    const parsed = found ? sessionSchema.safeParse(found.value) : undefined;
    if (!found || !parsed?.success) return undefined;
    const session = parsed.data;
    const at = this.now();
    if (session.expiresAt <= at) return undefined;
    if (at - session.lastSeenAt >= (this.options.touchEverySeconds ?? 60) * 1000) {
      const expiresAt = Math.min(at + this.ttlSeconds * 1000, session.createdAt + this.maxAgeSeconds * 1000);
      const touched = { ...session, lastSeenAt: at, expiresAt: Math.max(expiresAt, session.expiresAt) };
      const ttlSeconds = Math.max(1, Math.ceil((touched.expiresAt - at) / 1000)) + SIGN_BACK_IN_GRACE_SECONDS;
      // A lost race only means another request touched it first.
      await this.store.put(C, P, tokenKey(token), touched, { ifMatch: found.eTag, ttlSeconds }).catch(() => undefined);
      this.forgetOnline();
      return touched;
    }
    return session;
  }

  async revoke(token: string | undefined): Promise<void> {
    if (token && TOKEN_SHAPE.test(token)) await this.store.delete(C, P, tokenKey(token));
    this.forgetOnline();
  }

  /** How many technicians have a valid session used in the last `withinMinutes`. */
  async onlineCount(withinMinutes: number): Promise<number> {
    let cached = this.online.get(withinMinutes);
    if (!cached) this.online.set(withinMinutes, (cached = briefCache(() => this.countOnline(withinMinutes), 15_000, this.now)));
    return cached.get();
  }

  private forgetOnline(): void {
    for (const cached of this.online.values()) cached.forget();
  }

  private async countOnline(withinMinutes: number): Promise<number> {
    const since = this.now() - withinMinutes * 60_000;
    const online = new Set((await this.live()).filter((s) => s.lastSeenAt >= since).map((s) => s.technicianId));
    return online.size;
  }

  /**
   * The technicians with a session that has not expired, used recently or not (one technician may
   * have several), or that expired less than `graceSeconds` ago (expired ones are stored for
   * SIGN_BACK_IN_GRACE_SECONDS, so a longer grace finds no more).
   */
  async signedIn(graceSeconds = 0): Promise<Set<string>> {
    return new Set((await this.live(graceSeconds)).map((s) => s.technicianId));
  }

  private async live(graceSeconds = 0): Promise<Session[]> {
    const at = this.now() - graceSeconds * 1000;
    const sessions = await this.store.query<Session>(C, P, { keyPrefix: 'session/' });
    return sessions.flatMap((r) => {
      const parsed = sessionSchema.safeParse(r.value);
      return parsed.success && parsed.data.expiresAt > at ? [parsed.data] : [];
    });
  }
}
