import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createStore } from '../../src/services/storage/create-store';
import type { Store } from '../../src/services/storage/store';
import { helplineData, type HelplineChannelData } from '../../src/dialogs/wire';

export interface TestBot {
  app: App;
  url: string;
  dataDir: string;
  clock: { now(): number; advance(ms: number): void };
  /** Log lines the app wrote (JSON strings), to check nothing secret was logged. */
  logs: string[];
  conversation(options?: { userId?: string; conversationId?: string; channelId?: string; aadObjectId?: string }): TestConversation;
  close(): Promise<void>;
}

/**
 * The real app (createApp: every feature, middleware and store) on a private port with a temp
 * SQLite dir, spoken to over /api/messages with deliveryMode expectReplies, as a channel would.
 */
export async function startTestBot(
  options: { env?: Record<string, string>; start?: number; dataDir?: string; wrapStore?: (store: Store) => Store; queueUpdateIntervalMs?: number } = {},
): Promise<TestBot> {
  // A data dir made here goes with the bot (a full run made about 1,500 and left them all behind);
  // a test that restarts on the same data gives its own dir and removes it.
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-test-'));
  let now = options.start ?? Date.parse('2026-11-18T15:00:00Z');
  const clock = { now: () => now, advance: (ms: number) => void (now += ms) };
  const logs: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logs.push(line) });
  // Tests that seed the development technician set its password in process.env around this call.
  const devPassword = process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD ? { HELPLINE_DEV_TECHNICIAN_PASSWORD: process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD } : {};
  // Tests send from one loopback address as fast as the server answers, which no real client does:
  // the per-client limit (HELPLINE_RATE_LIMIT) is off unless a test sets it.
  const config = loadConfig({ HELPLINE_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'debug', HELPLINE_RATE_LIMIT: '0', ...devPassword, ...options.env });
  // wrapStore: a test that counts or breaks store operations puts its decorator around the real store.
  const store = options.wrapStore ? options.wrapStore(await createStore(config.env, { now: clock.now })) : undefined;
  const app = await createApp(config, logger, { now: clock.now, store, queueUpdateIntervalMs: options.queueUpdateIntervalMs });
  const port = await app.listen();
  const url = `http://127.0.0.1:${port}`;
  return {
    app,
    url,
    dataDir,
    clock,
    logs,
    conversation: (o = {}) => new TestConversation(url, o),
    close: async () => {
      await app.close();
      if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export class TestConversation {
  readonly user: { id: string; name: string; aadObjectId?: string };
  readonly conversationId: string;
  readonly channelId: string;

  constructor(
    private readonly url: string,
    o: { userId?: string; conversationId?: string; channelId?: string; aadObjectId?: string },
  ) {
    this.user = { id: o.userId ?? `user-${randomUUID().slice(0, 8)}`, name: 'Test User', ...(o.aadObjectId ? { aadObjectId: o.aadObjectId } : {}) };
    this.conversationId = o.conversationId ?? `conv-${randomUUID()}`;
    this.channelId = o.channelId ?? 'test';
  }

  /** Sends an activity and returns the bot's replies to it. */
  async send(activity: Partial<Activity>): Promise<Partial<Activity>[]> {
    const response = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(channelActivity(this.channelId, this.user, this.conversationId, activity)),
    });
    if (!response.ok) throw new Error(`POST /api/messages answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { activities?: Partial<Activity>[] };
    return body.activities ?? [];
  }

  async say(text: string): Promise<Partial<Activity>[]> {
    return this.send({ type: 'message', text });
  }

  /** Sends text and returns the replies' texts joined, for readable assertions. */
  async sayText(text: string): Promise<string> {
    return (await this.say(text)).map((a) => a.text ?? '').join('\n');
  }

  async join(): Promise<Partial<Activity>[]> {
    return this.send({ type: 'conversationUpdate', membersAdded: [this.user, { id: 'helpline-bot' }] } as Partial<Activity>);
  }
}

/** An activity as a channel posts it to /api/messages with deliveryMode expectReplies; `fields` come last. */
export function channelActivity(channelId: string, from: { id: string; name: string }, conversationId: string, fields: object): Record<string, unknown> {
  return {
    channelId,
    from,
    recipient: { id: 'helpline-bot', name: 'Helpline' },
    conversation: { id: conversationId },
    deliveryMode: 'expectReplies',
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    ...fields,
  };
}

export const data = (a: Partial<Activity>): HelplineChannelData => helplineData(a);
export const last = <T>(items: T[]): T => items[items.length - 1];
