import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../src/config';
import { listOpenRequests, purgeNow, registerPrivacyCommands } from '../../src/cli/privacy';
import type { Mailer } from '../../src/services/mail/mailer';
import { createRightsServices } from '../../src/services/privacy/requests';
import { SqliteStore } from '../../src/services/storage/sqlite-store';
import { ADA, BOB, seedPerson, valuesOf } from '../services/privacy/requests/seed-user';

// `helpline privacy ...` as a privacy officer runs it: the real command definitions over the
// configured SQLite store (the same files the server uses).
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-cli-'));
  const config = loadConfig({ HELPLINE_DATA_DIR: dir, NODE_ENV: 'test' });
  const store = new SqliteStore({ dataDir: dir });
  const rights = createRightsServices({ store, policy: config.policy, mailer: noMail });
  await seedPerson(store, rights, ADA);
  await seedPerson(store, rights, BOB);
  const open = await rights.requests.create({ userId: BOB.userId, type: 'deletion', channel: 'webchat', actor: 'user' });
  await rights.requests.transition(BOB.userId, open.id, 'identity_pending', 'bot');
  await store.close();
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs `helpline <args>` in-process; resolves with stdout, or the failure message. */
async function helpline(...args: string[]): Promise<{ out: string; error?: string }> {
  const out: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  const program = new Command().exitOverride();
  class Failed extends Error {}
  registerPrivacyCommands(program, () => loadConfig({ HELPLINE_DATA_DIR: dir, NODE_ENV: 'test' }), (message) => {
    throw new Failed(message);
  });
  try {
    await program.parseAsync(['node', 'helpline', ...args]);
    return { out: out.join('') };
  } catch (error) {
    if (error instanceof Failed) return { out: out.join(''), error: error.message };
    throw error;
  } finally {
    write.mockRestore();
  }
}

describe('helpline privacy', () => {
  it('requests --due-within lists open requests with their deadlines', async () => {
    const { out } = await helpline('privacy', 'requests', '--due-within', '30');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^REQUEST\s+TYPE\s+STATUS\s+DUE\s+DEADLINE\s+RECEIVED\s+USER$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^PR-\\w{8}\\s+deletion\\s+identity_pending\\s+\\d{4}-\\d{2}-\\d{2}\\s+30d left\\s+\\d{4}-\\d{2}-\\d{2}\\s+${BOB.userId}$`));
    // The request due in 30 days is open: the empty list says what it is empty of.
    expect((await helpline('privacy', 'requests', '--due-within', '5')).out.trim()).toBe('No open privacy requests are due within 5 days.');
    expect((await helpline('privacy', 'requests', '--due-within', '1')).out.trim()).toBe('No open privacy requests are due within 1 day.');
    expect((await helpline('privacy', 'requests', '--due-within', 'soon')).error).toMatch(/--due-within: must be a whole number/);
  });

  it('export --email gives the same JSON as the chat export', async () => {
    const { out } = await helpline('privacy', 'export', '--email', ADA.email.toUpperCase());
    const exported = JSON.parse(out);
    expect(exported.format).toBe('helpline-data-export/1');
    expect(exported.accounts[0].profile.email.value).toBe(ADA.email);
    expect(exported.accounts[0].devices[0].serial).toBe(ADA.serial);
    // The user sees in their own export that the privacy officer took one.
    const again = JSON.parse((await helpline('privacy', 'export', '--user', ADA.userId)).out).accounts[0];
    const access = again.requests.filter((r: { type: string; channel: string }) => r.type === 'access' && r.channel === 'cli');
    // The first export's and this one's, each complete as the export is given: not "verified" as it was while built.
    expect(access.map((r: { status: string }) => r.status)).toEqual(['completed', 'completed']);
    expect(access[0]).toMatchObject({ status: 'completed', verifiedBy: 'privacy officer' });
    expect(access[0].audit.at(-1)).toMatchObject({ to: 'completed', actor: expect.stringMatching(/^cli:/), note: 'data exported' });
    expect((await helpline('privacy', 'export', '--email', 'nobody@example.com')).error).toMatch(/no account has that email on file/);
    // A slip in a user id is said so, and leaves no request for nobody.
    for (const command of ['export', 'erase']) {
      expect((await helpline('privacy', command, '--user', 'webchat:nobody-here')).error).toMatch(/no data is held for user "webchat:nobody-here"/);
    }
    expect((await helpline('privacy', 'requests')).out).not.toContain('webchat:nobody-here');
    expect((await helpline('privacy', 'export')).error).toMatch(/exactly one of --email EMAIL or --user ID/);
  });

  it('erase --user erases with the same rules and records the request as handled by the operator', async () => {
    const { out } = await helpline('privacy', 'erase', '--user', ADA.userId);
    const result = JSON.parse(out);
    expect(result.report.removed).toMatchObject({ profiles: 1, devices: 1, cases: 1 });
    expect(result.report.kept.map((k: { why: string }) => k.why)).toContain('tax and accounting law requires us to keep them');
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('helpline.db'));
    const bytes = files.map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('\n');
    expect(valuesOf(ADA).filter((v) => bytes.includes(v))).toEqual([]);

    const after = JSON.parse((await helpline('privacy', 'export', '--user', ADA.userId)).out).accounts[0];
    expect(after.profile).toBeNull();
    const request = after.requests.find((r: { id: string }) => r.id === result.requestId);
    expect(request).toMatchObject({ type: 'deletion', status: 'completed', verifiedBy: 'privacy officer', channel: 'cli' });
    expect(request.audit.map((e: { actor: string }) => e.actor)).toEqual(expect.arrayContaining([expect.stringMatching(/^cli:/)]));
  });

  it("erase closes the person's own unfinished deletion request, which it carried out: the officer's list no longer shows it as waiting", async () => {
    const store = new SqliteStore({ dataDir: dir });
    let waiting: string;
    try {
      const rights = createRightsServices({ store, policy: loadConfig({ HELPLINE_DATA_DIR: dir, NODE_ENV: 'test' }).policy, mailer: noMail });
      await rights.profiles.setFields('webchat:cy', { email: 'cy.left@example.com' }, 'contact dialog');
      const open = await rights.requests.create({ userId: 'webchat:cy', type: 'deletion', channel: 'webchat', actor: 'user' });
      waiting = (await rights.requests.transition('webchat:cy', open.id, 'identity_pending', 'bot')).id;
    } finally {
      await store.close();
    }
    const { requestId } = JSON.parse((await helpline('privacy', 'erase', '--email', 'cy.left@example.com')).out);
    expect((await helpline('privacy', 'requests')).out).not.toContain('webchat:cy');
    const requests = JSON.parse((await helpline('privacy', 'export', '--user', 'webchat:cy')).out).accounts[0].requests;
    const earlier = requests.find((r: { id: string }) => r.id === waiting);
    expect(earlier.status).toBe('denied');
    expect(earlier.audit.at(-1)).toMatchObject({ actor: expect.stringMatching(/^cli:/), note: `replaced by ${requestId}, erased by the privacy officer` });
  });

  it('suppression-list exports the suppressed addresses for the marketing system', async () => {
    const jsonl = (await helpline('privacy', 'suppression-list')).out.trim().split('\n').map((l) => JSON.parse(l));
    expect(jsonl).toContainEqual({ address: BOB.email, channel: 'email', since: expect.any(String) });
    // Ada was erased: her address survives only as a hash, so the opt-out still holds.
    expect(jsonl.some((r) => r.address === ADA.email)).toBe(false);
    expect(jsonl.some((r) => /^sha256:[0-9a-f]{64}$/.test(r.address))).toBe(true);
    const csv = (await helpline('privacy', 'suppression-list', '--format', 'csv')).out.trim().split('\n');
    expect(csv[0]).toBe('address,channel,since');
    expect(csv).toContainEqual(expect.stringMatching(new RegExp(`^${BOB.email.replace(/\./g, '\\.')},email,`)));
    expect((await helpline('privacy', 'suppression-list', '--format', 'xml')).error).toMatch(/--format: must be jsonl or csv/);
  });

  it('purge (what `helpline purge` runs) also expires requests still waiting for proof of identity past their due date, as the server does hourly', async () => {
    const store = new SqliteStore({ dataDir: dir });
    try {
      const policy = loadConfig({ HELPLINE_DATA_DIR: dir, NODE_ENV: 'test' }).policy;
      const [waiting] = await listOpenRequests({ store, policy });
      expect(waiting).toMatchObject({ userId: BOB.userId, status: 'identity_pending' });
      const later = Date.parse(waiting.dueDate) + 2 * 86_400_000;
      expect(await purgeNow({ store, policy, now: () => later })).toMatchObject({ expired: 1, removed: expect.any(Number) });
      const rights = createRightsServices({ store, policy, mailer: noMail });
      expect((await rights.requests.get(BOB.userId, waiting.id))?.status).toBe('expired');
      expect((await purgeNow({ store, policy, now: () => later })).expired).toBe(0);
    } finally {
      await store.close();
    }
  });
});
