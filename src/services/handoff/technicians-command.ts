import readline from 'node:readline';
import { Writable } from 'node:stream';
import { z } from 'zod';
import type { Store } from '../storage/store';
import { ROLES, TechnicianAccounts, type Technician } from './technician-accounts';

export const addOptionsSchema = z.object({
  role: z.enum(ROLES, { errorMap: () => ({ message: '--role must be technician or supervisor' }) }),
  name: z.string().trim().min(1).max(80).optional(),
});

/**
 * `helpline technicians add USERNAME --role technician|supervisor [--name "Display Name"]`:
 * the password is read from stdin (the first line), never from the command line, where it
 * would land in shell history and process lists.
 */
export async function addTechnician(
  username: string,
  options: { role?: string; name?: string },
  deps: { store: Store; readPassword: () => Promise<string> },
): Promise<Technician> {
  const parsed = addOptionsSchema.safeParse(options);
  if (!parsed.success) throw new Error(parsed.error.issues[0].message);
  const password = await deps.readPassword();
  if (!password) throw new Error('no password on stdin: pipe it in, e.g. `printf "%s\\n" "$PASSWORD" | helpline technicians add ...`');
  return new TechnicianAccounts(deps.store).add({ username, role: parsed.data.role, name: parsed.data.name, password });
}

/** The CLI action: config, store, password from stdin (hidden when typed), a one-line result. */
export async function techniciansAddCommand(username: string, options: { role?: string; name?: string }): Promise<void> {
  const { cliConfig, fail } = await import('../../cli/io');
  const { createStore } = await import('../storage/create-store');
  const config = cliConfig();
  const store = await createStore(config.env);
  try {
    const technician = await addTechnician(username, options, { store, readPassword: () => readPassword(process.stdin) });
    process.stdout.write(`Created ${technician.roles.join(', ')} "${technician.username}" (${technician.name}).\n`);
  } catch (error) {
    await store.close();
    fail(error instanceof Error ? error.message : String(error));
  }
  await store.close();
}

/** The first line of `input`; on a terminal, asks for it without echoing what is typed. */
export function readPassword(input: NodeJS.ReadStream | NodeJS.ReadableStream): Promise<string> {
  const tty = (input as NodeJS.ReadStream).isTTY === true;
  if (tty) process.stderr.write('Password: ');
  const rl = readline.createInterface({ input, output: tty ? new Writable({ write: (_c, _e, cb) => cb() }) : undefined, terminal: tty });
  return new Promise((resolve) => {
    let answered = false;
    rl.once('line', (line) => {
      answered = true;
      if (tty) process.stderr.write('\n');
      rl.close();
      resolve(line.replace(/\r$/, ''));
    });
    rl.once('close', () => {
      if (!answered) resolve('');
    });
  });
}
