import os from 'node:os';
import type { Command } from 'commander';
import type { AppConfig, Policy } from '../config';
import type { Mailer } from '../services/mail/mailer';
import { createRightsServices, formatSuppression, withRequestAsItStands, type DataExport, type ErasureReport, type RequestIndexEntry, type RightsServices } from '../services/privacy/requests';
import { daysUntilDue, isOpen, type PrivacyRequest } from '../services/privacy/requests/request-record';
import { runPurge, type PurgeResult } from '../services/privacy/retention';
import { createStore } from '../services/storage/create-store';
import type { Store } from '../services/storage/store';

/** What the privacy commands run against: the configured store and policy. */
export interface PrivacyCliContext {
  store: Store;
  policy: Policy;
  now?: () => number;
  /** Who runs the command, for the audit trail (default: the OS user). */
  operator?: string;
}

export class PrivacyCliError extends Error {}

// The CLI never sends mail: a privacy officer acts on an already verified request.
const NO_MAIL: Mailer = {
  kind: 'log',
  send: async () => {
    throw new PrivacyCliError('the privacy commands do not send mail');
  },
  close: () => undefined,
};

function services(ctx: PrivacyCliContext): RightsServices {
  return createRightsServices({ store: ctx.store, policy: ctx.policy, mailer: NO_MAIL, now: ctx.now });
}

const actorOf = (ctx: PrivacyCliContext) => `cli:${ctx.operator ?? safeUser()}`;

/**
 * The accounts an --email or --user option names; an email on file nowhere, or a user id with no
 * data at all (a slip in the id), is an error that says so, rather than an export or erasure of
 * nobody with a request record for nobody.
 */
async function resolveSubjects(ctx: PrivacyCliContext, rights: RightsServices, target: { email?: string; user?: string }): Promise<string[]> {
  if (Boolean(target.email) === Boolean(target.user)) throw new PrivacyCliError('give exactly one of --email EMAIL or --user ID');
  if (target.user) {
    // All of a user's own records (profile, consents, cases, requests) share the user's partition.
    const held = await ctx.store.query('users', target.user, { limit: 1 });
    if (held.length === 0) throw new PrivacyCliError(`no data is held for user "${target.user}" (ids look like "webchat:..." or "msteams:..."; or use --email EMAIL)`);
    return [target.user];
  }
  const ids = await rights.emails.lookup(target.email as string);
  if (ids.length === 0) throw new PrivacyCliError('no account has that email on file (check the spelling, or use --user ID)');
  return ids;
}

/** `helpline privacy requests [--due-within DAYS]`: open requests, earliest deadline first. */
export async function listOpenRequests(ctx: PrivacyCliContext, dueWithinDays?: number): Promise<RequestIndexEntry[]> {
  if (dueWithinDays !== undefined && (!Number.isInteger(dueWithinDays) || dueWithinDays < 0)) throw new PrivacyCliError('--due-within: must be a whole number of days (0 or more)');
  return services(ctx).requests.listOpen({ dueWithinDays });
}

/** `dueWithinDays`: the filter the entries came through, so an empty list says what it is empty of. */
export function formatOpenRequests(entries: RequestIndexEntry[], now: number = Date.now(), dueWithinDays?: number): string {
  // "No open privacy requests" after a filter read as if requests due later were not open at all.
  if (entries.length === 0) {
    if (dueWithinDays === undefined) return 'No open privacy requests.';
    return `No open privacy requests are due within ${dueWithinDays} day${dueWithinDays === 1 ? '' : 's'}.`;
  }
  const deadline = (dueDate: string) => {
    const left = daysUntilDue(dueDate, now);
    return left < 0 ? 'OVERDUE' : `${left}d left`;
  };
  const rows = entries.map((e) => [e.id, e.type, e.status, e.dueDate, deadline(e.dueDate), e.receivedAt.slice(0, 10), e.userId]);
  const header = ['REQUEST', 'TYPE', 'STATUS', 'DUE', 'DEADLINE', 'RECEIVED', 'USER'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/**
 * `helpline privacy export`: the same JSON the user gets in the chat after verification, recorded
 * as an access request handled by the privacy officer, so the user sees in their own export that
 * it was taken and by whom (as for an erasure from here).
 */
export async function exportUserData(ctx: PrivacyCliContext, target: { email?: string; user?: string }): Promise<DataExport> {
  const rights = services(ctx);
  const subjects = await resolveSubjects(ctx, rights, target);
  const request = await openOfficerRequest(ctx, rights, subjects, 'access');
  const exported = await rights.exporter.export(subjects);
  const done = await rights.requests.transition(subjects[0], request.id, 'completed', actorOf(ctx), { note: 'data exported' });
  return withRequestAsItStands(exported, done);
}

/** A request the privacy officer handles, who verified the requester outside the chat. */
async function openOfficerRequest(ctx: PrivacyCliContext, rights: RightsServices, subjects: string[], type: 'access' | 'deletion'): Promise<PrivacyRequest> {
  const actor = actorOf(ctx);
  const request = await rights.requests.create({ userId: subjects[0], type, channel: 'cli', actor });
  return rights.requests.transition(subjects[0], request.id, 'verified', actor, { verifiedBy: 'privacy officer', subjects });
}

/**
 * `helpline privacy erase`: the same erasure as the conversational request, recorded as a
 * deletion request handled by the privacy officer (who verified the requester outside the chat).
 */
export async function eraseUserData(ctx: PrivacyCliContext, target: { email?: string; user?: string }): Promise<{ requestId: string; report: ErasureReport }> {
  const rights = services(ctx);
  const subjects = await resolveSubjects(ctx, rights, target);
  const request = await openOfficerRequest(ctx, rights, subjects, 'deletion');
  const report = await rights.erasure.erase({ userIds: subjects });
  await rights.requests.transition(subjects[0], request.id, 'completed', actorOf(ctx), { note: 'personal data erased', details: { kept: report.kept.map((k) => k.what) } });
  // The person's own deletion request, left at its code in a chat, is done by this one: left
  // open, it stayed in the officer's list of requests waiting to be handled until it expired.
  for (const userId of subjects) {
    for (const earlier of await rights.requests.list(userId)) {
      if (earlier.type !== 'deletion' || !isOpen(earlier.status) || (earlier.details as { scope?: unknown }).scope !== undefined) continue;
      await rights.requests.transition(userId, earlier.id, 'denied', actorOf(ctx), { note: `replaced by ${request.id}, erased by the privacy officer` });
    }
  }
  return { requestId: request.id, report };
}

/**
 * `helpline purge`: what the server's hourly jobs do, now: retention applied, and requests still
 * waiting for the user's proof of identity past their due date expired.
 */
export async function purgeNow(ctx: PrivacyCliContext): Promise<PurgeResult & { expired: number }> {
  const expired = await services(ctx).requests.expireOverdue();
  return { ...(await runPurge(ctx.store, ctx.now)), expired: expired.length };
}

/** `helpline privacy suppression-list`: the addresses marketing must never contact. */
export async function suppressionList(ctx: PrivacyCliContext, format: string): Promise<string> {
  if (format !== 'jsonl' && format !== 'csv') throw new PrivacyCliError('--format: must be jsonl or csv');
  return formatSuppression(await services(ctx).suppression.rows(), format);
}

/** Adds `helpline privacy ...` to the command line program. */
export function registerPrivacyCommands(program: Command, loadConfig: () => AppConfig, fail: (message: string, code?: number) => never): void {
  const privacy = program.command('privacy').description('data-rights requests, exports, erasure and the marketing suppression list');
  const run = async (work: (ctx: PrivacyCliContext) => Promise<string>) => {
    const config = loadConfig();
    const store = await createStore(config.env);
    try {
      process.stdout.write((await work({ store, policy: config.policy })) + '\n');
    } catch (error) {
      if (error instanceof PrivacyCliError) fail(error.message);
      throw error;
    } finally {
      await store.close();
    }
  };
  privacy
    .command('requests')
    .description('open privacy requests with their deadlines')
    .option('--due-within <days>', 'only requests due within this many days')
    .action((opts: { dueWithin?: string }) =>
      run(async (ctx) => {
        const dueWithin = opts.dueWithin === undefined ? undefined : Number(opts.dueWithin);
        return formatOpenRequests(await listOpenRequests(ctx, dueWithin), ctx.now?.() ?? Date.now(), dueWithin);
      }),
    );
  privacy
    .command('export')
    .description("a user's data export (JSON) for a privacy officer")
    .option('--email <email>', 'the email address on file')
    .option('--user <id>', 'the user id')
    .action((opts: { email?: string; user?: string }) => run(async (ctx) => JSON.stringify(await exportUserData(ctx, opts), null, 2)));
  privacy
    .command('erase')
    .description('erase a user’s personal data, with the same rules as the conversational request')
    .option('--email <email>', 'the email address on file')
    .option('--user <id>', 'the user id')
    .action((opts: { email?: string; user?: string }) => run(async (ctx) => JSON.stringify(await eraseUserData(ctx, opts), null, 2)));
  privacy
    .command('suppression-list')
    .description('addresses opted out of marketing, for the marketing system (address, channel, since)')
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .action((opts: { format: string }) => run((ctx) => suppressionList(ctx, opts.format)));
}

function safeUser(): string {
  try {
    return os.userInfo().username || 'operator';
  } catch {
    return 'operator';
  }
}
