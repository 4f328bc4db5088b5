import { randomBytes, randomUUID } from 'node:crypto';
import argon2 from 'argon2';
import { z } from 'zod';
import { createIfAbsent } from '../storage/create-once';
import type { Store } from '../storage/store';

export const ROLES = ['technician', 'supervisor'] as const;
export type Role = (typeof ROLES)[number];
export const MIN_PASSWORD_LENGTH = 12;

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'use 2-64 letters, digits, dots, dashes or underscores');

const accountSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)).min(1),
  passwordHash: z.string(),
  createdAt: z.string(),
});
type StoredAccount = z.infer<typeof accountSchema>;

/** What the rest of the app may know about an account: never the hash. */
export interface Technician {
  id: string;
  username: string;
  name: string;
  roles: Role[];
}

export class AccountError extends Error {
  constructor(
    readonly code: 'exists' | 'invalid',
    message: string,
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

const C = 'technicians';
const P = 'accounts';
const keyOf = (username: string) => `account/${username}`;

/** Technician accounts with argon2id password hashes (technicians/accounts). */
export class TechnicianAccounts {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates an account; AccountError('exists') when the username is taken. */
  async add(input: { username: string; role: Role; password: string; name?: string }): Promise<Technician> {
    const username = parseUsername(input.username);
    if (input.password.length < MIN_PASSWORD_LENGTH) throw new AccountError('invalid', `The password must be at least ${MIN_PASSWORD_LENGTH} characters.`);
    const name = (input.name?.trim() || username.charAt(0).toUpperCase() + username.slice(1)).slice(0, 80);
    const account: StoredAccount = {
      id: randomUUID(),
      username,
      name,
      roles: [input.role],
      passwordHash: await argon2.hash(input.password, { type: argon2.argon2id }),
      createdAt: new Date(this.now()).toISOString(),
    };
    // The account's random id tells this write, landed with its answer lost, from someone else's.
    if (!(await createIfAbsent(this.store, C, P, keyOf(username), account)).created) {
      throw new AccountError('exists', `A technician named "${username}" already exists.`);
    }
    return publicView(account);
  }

  /** The account when the password matches; unknown users cost the same hash check, so timing does not reveal them. */
  async verify(username: string, password: string): Promise<Technician | undefined> {
    const parsed = usernameSchema.safeParse(username);
    const found = parsed.success ? await this.store.get<StoredAccount>(C, P, keyOf(parsed.data)) : undefined;
    const account = found ? accountSchema.safeParse(found.value) : undefined;
    if (!account?.success) {
      this.dummyHash ??= argon2.hash(randomBytes(16).toString('hex'), { type: argon2.argon2id });
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return undefined;
    }
    const ok = await argon2.verify(account.data.passwordHash, password).catch(() => false);
    return ok ? publicView(account.data) : undefined;
  }

  async count(): Promise<number> {
    return (await this.store.query(C, P, { keyPrefix: 'account/' })).length;
  }
}

export function parseUsername(username: string): string {
  const parsed = usernameSchema.safeParse(username);
  if (!parsed.success) throw new AccountError('invalid', `Username: ${parsed.error.issues[0].message}.`);
  return parsed.data;
}

function publicView(account: StoredAccount): Technician {
  return { id: account.id, username: account.username, name: account.name, roles: account.roles };
}
