import type { DirectLine } from 'botframework-directlinejs';
import { helplineData } from '../../src/dialogs/wire';
import type { Store } from '../../src/services/storage/store';
import { data, startTestBot, type TestBot, type TestConversation } from '../support/conversation';
import { createDirectLineClient, DirectLineRest, post } from '../support/directline-client';
import { DEV_PASSWORD } from '../support/technician';

/** What the tests read of an activity from the Direct Line (DirectLineJS types it as a union without these). */
export interface Activity {
  type: string;
  name?: string;
  text?: string;
  from: { id: string; name?: string; role?: string };
  channelData?: unknown;
  suggestedActions?: { actions: { title: string; value: string }[] };
}

export { DEV_PASSWORD, TechnicianClient } from '../support/technician';

/** The real app (every feature) with the development technician 'admin' seeded. */
export async function startHandoffBot(
  options: { dataDir?: string; port?: number; start?: number; queueUpdateIntervalMs?: number; wrapStore?: (store: Store) => Store } = {},
): Promise<TestBot> {
  process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD = DEV_PASSWORD;
  try {
    return await startTestBot({
      dataDir: options.dataDir,
      start: options.start ?? Date.parse('2026-11-18T15:00:00Z'), // a Wednesday, 10:00 in New York: open
      env: options.port ? { PORT: String(options.port) } : {},
      queueUpdateIntervalMs: options.queueUpdateIntervalMs,
      wrapStore: options.wrapStore,
    });
  } finally {
    delete process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD;
  }
}

/** A user on the local Direct Line through botframework-directlinejs (polling, as the widget). */
export class DirectLineUser {
  readonly activities: Activity[] = [];
  private constructor(
    readonly client: DirectLine,
    readonly conversationId: string,
  ) {
    // end() makes the stream error with 'conversation ended'; that is the test finishing, not a failure.
    client.activity$.subscribe({ next: (a) => void this.activities.push(a as unknown as Activity), error: () => undefined });
  }

  static async start(url: string, userId: string): Promise<DirectLineUser> {
    const conversation = await DirectLineRest.forServer(url).startConversation({ id: userId, name: 'Jane' });
    const client = createDirectLineClient({ domain: `${url}/v3/directline`, token: conversation.token, conversationId: conversation.conversationId, pollingInterval: 200 });
    return new DirectLineUser(client, conversation.conversationId);
  }

  async say(text: string): Promise<void> {
    await post(this.client, { type: 'message', text } as never);
  }

  /** The first bot activity after `from` (an index into `activities`) that matches. */
  async waitFor(match: (a: Activity) => boolean, from = 0, timeoutMs = 15_000): Promise<Activity> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.activities.slice(from).find((a) => a.from?.role === 'bot' && match(a));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching activity in ${timeoutMs} ms; got ${JSON.stringify(this.botMessages(from).map((a) => a.text))}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  botMessages(from = 0): Activity[] {
    return this.activities.slice(from).filter((a) => a.from?.role === 'bot' && a.type === 'message');
  }

  end(): void {
    this.client.end();
  }
}

export const hl = (a: Activity) => helplineData(a as never);
export const expects = (kind: string) => (a: Activity) => hl(a).expects === kind;

/** A Direct Line user asks for a human, gives "Jane Doe" and `email`, and waits to be queued; returns the ticket id. */
export async function queueOverDirectLine(user: DirectLineUser, email = 'jane@example.com'): Promise<string> {
  await user.say('I want to talk to a human');
  await user.waitFor(expects('name'));
  await user.say('Jane Doe');
  await user.waitFor(expects('email'));
  await user.say(email);
  return hl(await user.waitFor((a) => hl(a).handoff?.state === 'queued')).handoff!.ticketId!;
}

/** The same over /api/messages: asks with `request`, gives name and email; returns the ticket id. */
export async function queueOverHttp(chat: TestConversation, request: string): Promise<string> {
  await chat.say(request);
  await chat.say('Sam Okafor');
  const id = (await chat.say('sam@example.com')).map((a) => data(a).handoff).find((h) => h?.state === 'queued')?.ticketId;
  if (!id) throw new Error('not queued');
  return id;
}
