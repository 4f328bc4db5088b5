import { randomBytes } from 'node:crypto';
import type { TechnicianAccounts } from './technician-accounts';

export const DEV_USERNAME = 'admin';

export interface SeedOptions {
  nodeEnv: 'development' | 'production' | 'test';
  /** HELPLINE_DEV_TECHNICIAN_PASSWORD, if set. */
  password?: string;
  log: (message: string) => void;
}

/**
 * Makes the console usable on a fresh development machine: with no accounts at all, creates
 * 'admin' (supervisor) with the given password or a random one printed once. Production never
 * gets a default account, and a default password there is a configuration error.
 */
export async function seedDevTechnician(accounts: TechnicianAccounts, options: SeedOptions): Promise<'seeded' | 'exists' | 'skipped'> {
  if (options.nodeEnv === 'production') {
    if (options.password) {
      throw new Error('HELPLINE_DEV_TECHNICIAN_PASSWORD must not be set in production: create accounts with `helpline technicians add USERNAME --role supervisor`.');
    }
    return 'skipped';
  }
  if (options.nodeEnv === 'test' && !options.password) return 'skipped';
  if ((await accounts.count()) > 0) return 'exists';
  const password = options.password ?? randomBytes(18).toString('base64url');
  await accounts.add({ username: DEV_USERNAME, role: 'supervisor', name: 'Admin', password });
  options.log(
    options.password
      ? `Development technician account "${DEV_USERNAME}" created with the password from HELPLINE_DEV_TECHNICIAN_PASSWORD.`
      : `Development technician account "${DEV_USERNAME}" created. Password (shown only now): ${password}`,
  );
  return 'seeded';
}
