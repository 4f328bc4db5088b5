import { randomUUID } from 'node:crypto';
import { channelActivity } from '../../support/conversation';

/** What Helpline puts on a reply (protocol.md), as far as these tests look at it. */
export interface Reply {
  type?: string;
  text?: string;
  channelData?: { helpline?: { expects?: string; step?: { flow: string; stepId: string; n: number }; request?: { id: string; type: string; status: string } } };
}

export interface TurnAnswer {
  status: number;
  replies: Reply[];
  /** The raw body when it was not an expectReplies answer (errors). */
  body?: unknown;
}

/**
 * A channel talking to /api/messages with deliveryMode expectReplies: the replies come back in
 * the HTTP answer. Network failures (the server was killed) reject; HTTP errors resolve with
 * their status, so tests can assert that no 5xx ever reaches the channel.
 */
export class ChannelConversation {
  readonly user: { id: string; name: string };
  readonly conversationId = `conv-${randomUUID()}`;

  constructor(
    public baseUrl: string,
    readonly channelId: string,
    userId = `user-${randomUUID().slice(0, 8)}`,
    private readonly headers: Record<string, string> = {},
  ) {
    this.user = { id: userId, name: 'Resilience Test' };
  }

  /** The id stored records are partitioned by (userIdOf: '<channel>:<from.id>'). */
  get storedUserId(): string {
    return `${this.channelId}:${this.user.id}`;
  }

  async say(text: string, extra: Record<string, unknown> = {}): Promise<TurnAnswer> {
    const response = await fetch(`${this.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...this.headers },
      body: JSON.stringify(channelActivity(this.channelId, this.user, this.conversationId, { type: 'message', text, ...extra })),
    });
    const raw = await response.text();
    let body: unknown = raw;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // not JSON
    }
    const activities = (body as { activities?: Reply[] } | undefined)?.activities;
    return Array.isArray(activities)
      ? { status: response.status, replies: activities.filter((a) => a.type === 'message') }
      : { status: response.status, replies: [], body };
  }
}

export const helplineOf = (r: Reply) => r.channelData?.helpline ?? {};
export const stepOf = (answer: TurnAnswer) => answer.replies.map((r) => helplineOf(r).step).filter(Boolean).pop();
export const receiptOf = (answer: TurnAnswer) => answer.replies.map((r) => helplineOf(r).request).filter(Boolean).pop();
export const expectsOf = (answer: TurnAnswer) => answer.replies.map((r) => helplineOf(r).expects).filter(Boolean).pop();
export const textOf = (answer: TurnAnswer) => answer.replies.map((r) => r.text ?? '').join('\n');
