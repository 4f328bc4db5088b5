import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../../logging';
import { isMailOutage, type Mailer } from '../../mail/mailer';
import type { Store } from '../../storage/store';
import type { ProfileService } from '../profile';
import { addressHash, type EmailIndex } from './email-index';
import { SendLimits } from './send-limits';

export interface VerificationSettings {
  codeTtlMinutes: number;
  maxAttempts: number;
  cooldownMinutes: number;
  maxCodesPerHour: number;
}

export interface VerificationDeps {
  store: Store;
  mailer: Mailer;
  profiles: ProfileService;
  emails: EmailIndex;
  settings: VerificationSettings;
  company: string;
  now?: () => number;
  logger?: Logger;
}

/**
 * 'sent' means "if that address is on file, a code is on its way": the caller cannot tell
 * whether a mail went out, so the bot cannot reveal it either.
 */
export type StartResult = { outcome: 'sent'; expiresAt: number } | { outcome: 'rate_limited' | 'locked'; retryAfterSeconds: number };

export type CheckResult =
  | { outcome: 'verified'; subjects: string[]; newEmail?: string }
  | { outcome: 'wrong'; attemptsLeft: number }
  | { outcome: 'expired' }
  | { outcome: 'locked'; retryAfterSeconds: number };

const recordSchema = z.object({
  requestId: z.string(),
  purpose: z.enum(['identity', 'new_email']),
  /** Accounts the proven address is on file for; empty when it is on file nowhere (no mail was sent). */
  subjects: z.array(z.string()),
  addressHash: z.string(),
  /** Only for 'new_email': the address that becomes the one on file once proven. */
  newEmail: z.string().optional(),
  salt: z.string(),
  /** '' when no code was sent. */
  codeHash: z.string(),
  expiresAt: z.number(),
  attempts: z.number().int(),
});
type VerificationRecord = z.infer<typeof recordSchema>;

const keyOf = (requestId: string) => `verification/${requestId}`;
/** Marks the code (by its salt) whose mail could not go out because the mail service was down. */
const outageKeyOf = (requestId: string) => `verification-mail/${requestId}`;
const outageSchema = z.object({ salt: z.string() });
const hashCode = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`).digest('hex');

/**
 * An answer that holds one 6-digit code, typed whole or in groups ("821944", "82 19 44", "821-944"):
 * how the code question reads its answer, and so what must never be stored from it.
 */
export function holdsCode(text: string): boolean {
  return /^\D*(?:\d[\s-]?){6}\D*$/.test(text);
}

/**
 * One-time 6-digit codes by email (P9). Codes are stored only as salted sha256 hashes, expire,
 * allow a few attempts and then cool down; requests are rate-limited per account, per client
 * address and per mailbox. Mail goes out in the background so a reply takes as long whether or
 * not the address is on file. When no mail goes out (the address is not on file) the mail server
 * is still contacted, without sending, so a mail service outage is noticed (mailServiceDown) for
 * every address alike, and says nothing about which addresses are on file.
 */
export class VerificationService {
  private readonly now: () => number;
  private readonly limits: SendLimits;
  private readonly deliveries = new Set<Promise<void>>();

  constructor(private readonly deps: VerificationDeps) {
    this.now = deps.now ?? Date.now;
    this.limits = new SendLimits(deps.store, deps.settings.maxCodesPerHour, this.now);
  }

  /** Sends a code to `email` if it is the address on file of any account (identity check for `requestId`). */
  async start(input: { requesterId: string; requestId: string; email: string; clientAddress?: string }): Promise<StartResult> {
    const scopes = { user: input.requesterId, client: input.clientAddress, address: input.email };
    const blocked = await this.blocked(scopes);
    if (blocked) return blocked;
    const subjects: string[] = [];
    for (const userId of await this.deps.emails.lookup(input.email)) {
      const onFile = (await this.deps.profiles.get(userId))?.fields.email?.value;
      if (onFile && addressHash(onFile) === addressHash(input.email)) subjects.push(userId);
    }
    return this.issue(input.requesterId, { requestId: input.requestId, purpose: 'identity', subjects, addressHash: addressHash(input.email) }, subjects.length > 0 ? input.email : undefined);
  }

  /** A verified user's new address must itself be proven before it goes on file (correction). */
  async startNewEmail(input: { requesterId: string; requestId: string; subjects: string[]; newEmail: string; clientAddress?: string }): Promise<StartResult> {
    const blocked = await this.blocked({ user: input.requesterId, client: input.clientAddress, address: input.newEmail });
    if (blocked) return blocked;
    const base = { requestId: input.requestId, purpose: 'new_email' as const, subjects: input.subjects, addressHash: addressHash(input.newEmail), newEmail: input.newEmail };
    return this.issue(input.requesterId, base, input.newEmail);
  }

  /**
   * A fresh code for the same verification (the user asked again); same limits as the first.
   * 'expired' when the verification itself is gone (used, locked, or outlived: a user back in the
   * same chat the next day): the address must be asked for again, since nothing is sent.
   */
  async resend(input: { requesterId: string; requestId: string; clientAddress?: string }): Promise<StartResult | { outcome: 'expired' }> {
    const found = await this.deps.store.get<unknown>('users', input.requesterId, keyOf(input.requestId));
    // The record is kept whether or not the address is on file, so its absence reveals nothing.
    if (!found) return { outcome: 'expired' };
    const record = recordSchema.parse(found.value);
    const address = record.newEmail ?? (record.subjects[0] ? (await this.deps.profiles.get(record.subjects[0]))?.fields.email?.value : undefined);
    const blocked = await this.blocked({ user: input.requesterId, client: input.clientAddress, address: address ?? record.addressHash });
    if (blocked) return blocked;
    const { salt: _s, codeHash: _c, expiresAt: _e, attempts: _a, ...base } = record;
    return this.issue(input.requesterId, base, address);
  }

  /** Seconds left of the cool-down a requester's wrong codes started (0 when none). */
  async lockedFor(requesterId: string): Promise<number> {
    return this.limits.lockedFor({ user: requesterId });
  }

  /** Checks a typed code; a wrong one counts, and the last allowed wrong one starts the cool-down. */
  async check(input: { requesterId: string; requestId: string; code: string; clientAddress?: string }): Promise<CheckResult> {
    const { store, settings } = this.deps;
    const found = await store.get<unknown>('users', input.requesterId, keyOf(input.requestId));
    if (!found) return { outcome: 'expired' };
    const record = recordSchema.parse(found.value);
    const lockScopes = { user: input.requesterId, address: record.addressHash };
    const locked = await this.limits.lockedFor(lockScopes);
    if (locked > 0) return { outcome: 'locked', retryAfterSeconds: locked };
    if (this.now() >= record.expiresAt) {
      await store.delete('users', input.requesterId, keyOf(input.requestId));
      return { outcome: 'expired' };
    }
    const typed = input.code.replace(/\s+/g, '');
    const expected = Buffer.from(record.codeHash, 'hex');
    const actual = Buffer.from(hashCode(record.salt, typed), 'hex');
    const matches = record.codeHash !== '' && expected.length === actual.length && timingSafeEqual(expected, actual);
    if (matches) {
      await store.delete('users', input.requesterId, keyOf(input.requestId));
      return { outcome: 'verified', subjects: record.subjects, ...(record.newEmail ? { newEmail: record.newEmail } : {}) };
    }
    const attempts = record.attempts + 1;
    if (attempts >= settings.maxAttempts) {
      await store.delete('users', input.requesterId, keyOf(input.requestId));
      await this.limits.lock({ ...lockScopes, client: input.clientAddress }, settings.cooldownMinutes);
      return { outcome: 'locked', retryAfterSeconds: settings.cooldownMinutes * 60 };
    }
    await store.put('users', input.requesterId, keyOf(input.requestId), { ...record, attempts }, { ifMatch: found.eTag, ttlSeconds: this.ttlSeconds() });
    return { outcome: 'wrong', attemptsLeft: settings.maxAttempts - attempts };
  }

  /**
   * Whether the latest code of this verification could not go out because the mail service was
   * down (or, for an address not on file, could not be reached): the user waits in vain otherwise.
   * False while its mail is still under way.
   */
  async mailServiceDown(input: { requesterId: string; requestId: string }): Promise<boolean> {
    const { store } = this.deps;
    const [found, outage] = await Promise.all([store.get<unknown>('users', input.requesterId, keyOf(input.requestId)), store.get<unknown>('users', input.requesterId, outageKeyOf(input.requestId))]);
    return found !== undefined && outage !== undefined && outageSchema.parse(outage.value).salt === recordSchema.parse(found.value).salt;
  }

  /** Resolves when every mail started so far has been handed to the mail server (tests, shutdown). */
  async whenDelivered(): Promise<void> {
    await Promise.all([...this.deliveries]);
  }

  private async blocked(scopes: { user: string; client?: string; address: string }): Promise<StartResult | undefined> {
    const locked = await this.limits.lockedFor({ user: scopes.user, client: scopes.client, address: addressHashOrSelf(scopes.address) });
    if (locked > 0) return { outcome: 'locked', retryAfterSeconds: locked };
    // Counted per typed address whether or not it is on file, so the limit reveals nothing either.
    const verdict = await this.limits.hit({ user: scopes.user, client: scopes.client, address: addressHashOrSelf(scopes.address) });
    return verdict.allowed ? undefined : { outcome: 'rate_limited', retryAfterSeconds: verdict.retryAfterSeconds };
  }

  private async issue(requesterId: string, base: Omit<VerificationRecord, 'salt' | 'codeHash' | 'expiresAt' | 'attempts'>, sendTo: string | undefined): Promise<StartResult> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const salt = randomBytes(16).toString('hex');
    const expiresAt = this.now() + this.deps.settings.codeTtlMinutes * 60_000;
    const record: VerificationRecord = { ...base, salt, codeHash: sendTo ? hashCode(salt, code) : '', expiresAt, attempts: 0 };
    await this.deps.store.put('users', requesterId, keyOf(base.requestId), record, { ttlSeconds: this.ttlSeconds() });
    const { mailer } = this.deps;
    const mail = sendTo ? mailer.send(this.codeMail(sendTo, code)) : (mailer.verify?.() ?? Promise.resolve());
    this.inBackground(mail, { requesterId, requestId: base.requestId, salt });
    return { outcome: 'sent', expiresAt };
  }

  private codeMail(to: string, code: string) {
    const { company, settings } = this.deps;
    const body = [
      `Your ${company} verification code is ${code}.`,
      '',
      `Type it in the chat to confirm it's you. It expires in ${minutesText(settings.codeTtlMinutes)} and works only once.`,
      "If you didn't ask for it, ignore this email: nobody can see or change your data without the code.",
    ].join('\n');
    return { to, subject: `Your ${company} verification code`, body };
  }

  /** Waits for a mail (or the check of the mail server) out of the reply's way; an outage is marked for the code. */
  private inBackground(mail: Promise<void>, code: { requesterId: string; requestId: string; salt: string }): void {
    const { store, logger } = this.deps;
    const delivery = mail
      .catch(async (error: unknown) => {
        logger?.error({ err: { name: (error as Error)?.name, message: String((error as Error)?.message ?? error).slice(0, 200) } }, 'verification mail failed');
        if (isMailOutage(error)) await store.put('users', code.requesterId, outageKeyOf(code.requestId), { salt: code.salt }, { ttlSeconds: this.ttlSeconds() });
      })
      .catch((error: unknown) => logger?.error({ err: { message: String((error as Error)?.message ?? error).slice(0, 200) } }, 'verification mail outage not recorded'))
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  private ttlSeconds(): number {
    // The record outlives the code a little, so a late answer is told "expired" rather than "wrong".
    return this.deps.settings.codeTtlMinutes * 60 + 3600;
  }
}

/** Limits key on the address hash; a value that already is one (from a stored record) is used as is. */
function addressHashOrSelf(value: string): string {
  return /^[0-9a-f]{64}$/.test(value) ? value : addressHash(value);
}

/** "1 minute", "15 minutes": a code's lifetime as the user reads it (a deployment may set 1). */
export const minutesText = (minutes: number) => `${minutes} minute${minutes === 1 ? '' : 's'}`;
