import type { CloudAdapter } from 'botbuilder';
import pino from 'pino';
import type restify from 'restify';
import { createServer } from '../../src/server/server';
import { technicianApi } from '../../src/server/technician/routes';
import { HandoffViews } from '../../src/server/technician/views';
import { AbandonedHandoffs } from '../../src/services/handoff/abandoned-handoffs';
import { HandoffAuditLog } from '../../src/services/handoff/audit-log';
import { HandoffDesk } from '../../src/services/handoff/handoff-desk';
import { HandoffLifecycle } from '../../src/services/handoff/handoff-lifecycle';
import { HandoffQueue, type NewHandoff } from '../../src/services/handoff/handoff-queue';
import { LoginRateLimiter } from '../../src/services/handoff/login-rate-limit';
import { HandoffMessageLog } from '../../src/services/handoff/message-log';
import type { Contact } from '../../src/services/handoff/handoff-record';
import { UnreachableConversation, type OutgoingMessage, type TranscriptEntry } from '../../src/services/handoff/ports';
import { TechnicianAccounts } from '../../src/services/handoff/technician-accounts';
import { TechnicianSessions } from '../../src/services/handoff/technician-sessions';
import { redactAll, redactSecrets } from '../../src/services/privacy/redaction';
import type { Store } from '../../src/services/storage/store';

export const PASSWORD = 'a long enough password';

export interface Harness {
  url: string;
  queue: HandoffQueue;
  log: HandoffMessageLog;
  /** The sweep production runs on a timer; tests run a pass when they want one. */
  abandoned: AbandonedHandoffs;
  sent: { conversationId: string; message: OutgoingMessage }[];
  /** Chats with nothing stored to reach them (erased or expired): sending there fails as in production. */
  unreachable: Set<string>;
  transcripts: Map<string, TranscriptEntry[]>;
  contacts: Map<string, Contact>;
  login(username: string, password?: string): Promise<string>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  queueHandoff(n: number, extra?: Partial<NewHandoff>): Promise<string>;
  close(): Promise<void>;
}

/**
 * The technician API on a real restify server (createServer, as in production) over the real
 * services, with the user's channel replaced by a recorder of what the user would be sent.
 */
export async function startTechnicianApi(store: Store, now: () => number = Date.now): Promise<Harness> {
  const logger = pino({ level: 'silent' });
  const queue = new HandoffQueue(store, { now });
  const lifecycle = new HandoffLifecycle(queue);
  const log = new HandoffMessageLog(store, { now, pollMs: 200 });
  const audit = new HandoffAuditLog(store, now);
  const accounts = new TechnicianAccounts(store, now);
  const sessions = new TechnicianSessions(store, { now });
  const sent: Harness['sent'] = [];
  const transcripts = new Map<string, TranscriptEntry[]>();
  const contacts = new Map<string, Contact>();
  const transcript = {
    append: async (cid: string, entry: TranscriptEntry) => void transcripts.set(cid, [...(transcripts.get(cid) ?? []), entry]),
    list: async (cid: string) => transcripts.get(cid) ?? [],
  };
  const contactPort = { get: async (userId: string) => contacts.get(userId) ?? {} };
  const unreachable = new Set<string>();
  const notifier = {
    send: async (conversationId: string, message: OutgoingMessage) => {
      if (unreachable.has(conversationId)) throw new UnreachableConversation();
      sent.push({ conversationId, message });
    },
  };
  const desk = new HandoffDesk({ queue, lifecycle, log, audit, notifier, contacts: contactPort, removeSecrets: (t) => redactSecrets(t).text, transcript, now });
  const abandoned = new AbandonedHandoffs({ queue, lifecycle, sessions, log, audit, notifier });
  const views = new HandoffViews({ queue, transcript, contacts: contactPort, redact: (t) => redactAll(t).text });
  const routes = technicianApi({
    abandoned,
    accounts,
    sessions,
    limiter: new LoginRateLimiter(store, { now }),
    queue,
    desk,
    audit,
    views,
    secureCookies: false,
    logger,
    longPollMaxMs: 3000,
  });
  const server: restify.Server = createServer({ adapter: {} as CloudAdapter, botLogic: async () => undefined, store, logger, routes: [routes] });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  await accounts.add({ username: 'tina', role: 'technician', password: PASSWORD });
  await accounts.add({ username: 'omar', role: 'technician', password: PASSWORD });
  await accounts.add({ username: 'sue', role: 'supervisor', name: 'Sue', password: PASSWORD });

  const call: Harness['call'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: kept as text */
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };

  return {
    url,
    queue,
    log,
    abandoned,
    sent,
    unreachable,
    transcripts,
    contacts,
    call,
    login: async (username, password = PASSWORD) => {
      const res = await call('POST', '/api/technician/login', { body: { username, password } });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    queueHandoff: async (n, extra = {}) => {
      const { handoff } = await queue.create({
        conversationId: `conv-${n}`,
        userId: `directline:user-${n}`,
        kind: 'live',
        priority: 'normal',
        reason: 'Asked for a technician',
        summary: 'Printer says offline',
        device: 'printer',
        contactFields: ['name', 'email'],
        recordingOff: false,
        ...extra,
      });
      return handoff.id;
    },
    close: async () => {
      log.stop();
      (server as unknown as { server?: { closeAllConnections?: () => void } }).server?.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
