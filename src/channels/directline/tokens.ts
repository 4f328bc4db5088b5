import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { HttpError } from '../../server/http-errors';
import { createIfAbsent } from '../../services/storage/create-once';
import type { Store } from '../../services/storage/store';

/** Where the signing key lives: tokens and connector URLs must stay valid across restarts and instances. */
export const SIGNING_KEY_LOCATION = { container: 'conversations', partition: '_system', key: 'directline-signing-key' } as const;

export const DEFAULT_TOKEN_TTL_SECONDS = 3600;

/** What a Direct Line token grants: one conversation, as one user, until it expires. */
export interface TokenClaims {
  conversationId: string;
  userId: string;
  userName?: string;
  /** Epoch seconds. */
  expiresAt: number;
}

// `user` is the claim Web Chat reads (jwt-decode) to learn its user id, as with Azure's tokens.
const payloadSchema = z.object({
  conv: z.string().min(1),
  user: z.string().min(1),
  name: z.string().optional(),
  iat: z.number().int(),
  exp: z.number().int(),
});
const keyRecordSchema = z.object({ key: z.string().min(32) });

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * Issues and checks HS256 JWTs scoped to one conversation. The key is created once and kept in
 * the Store, so a restart (or another instance) accepts tokens issued before it.
 */
export class DirectLineTokens {
  private keyPromise?: Promise<Buffer>;

  constructor(
    private readonly store: Store,
    private readonly options: { ttlSeconds?: number; now?: () => number } = {},
  ) {}

  get ttlSeconds(): number {
    return this.options.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  }

  async issue(claims: Omit<TokenClaims, 'expiresAt'>): Promise<{ token: string; expiresIn: number; claims: TokenClaims }> {
    const iat = Math.floor(this.nowMs() / 1000);
    const exp = iat + this.ttlSeconds;
    const payload = base64url(
      JSON.stringify({ conv: claims.conversationId, user: claims.userId, ...(claims.userName ? { name: claims.userName } : {}), iat, exp }),
    );
    const signature = await this.sign(`${HEADER}.${payload}`);
    return { token: `${HEADER}.${payload}.${signature}`, expiresIn: this.ttlSeconds, claims: { ...claims, expiresAt: exp } };
  }

  /** The claims of a valid token; a missing, forged, malformed or expired token is a 401. */
  async verify(token: string | undefined): Promise<TokenClaims> {
    if (!token) throw new HttpError(401, 'missing_token', 'Send a Direct Line token as "Authorization: Bearer <token>".');
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw invalidToken();
    const expected = Buffer.from(await this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2] ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();
    let payload: z.infer<typeof payloadSchema>;
    try {
      payload = payloadSchema.parse(JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')));
    } catch {
      throw invalidToken();
    }
    if (payload.exp * 1000 <= this.nowMs()) throw new HttpError(401, 'token_expired', 'The Direct Line token has expired; get a new one.');
    return { conversationId: payload.conv, userId: payload.user, userName: payload.name, expiresAt: payload.exp };
  }

  /** The claims of a valid token that must belong to `conversationId` (403 when it is another one's). */
  async verifyFor(token: string | undefined, conversationId: string): Promise<TokenClaims> {
    const claims = await this.verify(token);
    if (claims.conversationId !== conversationId) {
      throw new HttpError(403, 'wrong_conversation', 'This token belongs to another conversation.');
    }
    return claims;
  }

  /** An unguessable value bound to one conversation, derived from the same persisted key. */
  async derive(purpose: string, value: string): Promise<string> {
    return (await this.sign(`${purpose}\u0000${value}`)).slice(0, 32);
  }

  private async sign(data: string): Promise<string> {
    const key = await this.key();
    return createHmac('sha256', key).update(data).digest('base64url');
  }

  private key(): Promise<Buffer> {
    this.keyPromise ??= loadOrCreateKey(this.store).catch((error: unknown) => {
      this.keyPromise = undefined; // a store hiccup must not poison every later request
      throw error;
    });
    return this.keyPromise;
  }

  private nowMs(): number {
    return (this.options.now ?? Date.now)();
  }
}

async function loadOrCreateKey(store: Store): Promise<Buffer> {
  const { container, partition, key } = SIGNING_KEY_LOCATION;
  const existing = await store.get<unknown>(container, partition, key);
  if (existing) return Buffer.from(keyRecordSchema.parse(existing.value).key, 'base64');
  // Another instance may create the key first: everyone must use the one stored.
  const { stored } = await createIfAbsent<unknown>(store, container, partition, key, { key: randomBytes(32).toString('base64') });
  if (!stored) throw new Error('the Direct Line signing key could not be stored');
  return Buffer.from(keyRecordSchema.parse(stored.value).key, 'base64');
}

function invalidToken(): HttpError {
  return new HttpError(401, 'invalid_token', 'The Direct Line token is not valid.');
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The token in an `Authorization: Bearer <token>` header, if any. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value ?? '');
  return match?.[1];
}
