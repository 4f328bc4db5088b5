import { randomUUID } from 'node:crypto';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import { HttpError } from '../../server/http-errors';
import { errorSummary } from '../../server/server';
import type { ConversationLog, LoggedActivity } from './conversation-log';
import { logContext, redactForLog } from './log-redaction';
import type { ClientActivity } from './schemas';
import type { DirectLineTokens, TokenClaims } from './tokens';

export const CHANNEL_ID = 'directline';
const CONNECTOR_PURPOSE = 'connector';

export interface BotChannelDeps {
  adapter: CloudAdapter;
  botLogic: (context: TurnContext) => Promise<void>;
  log: ConversationLog;
  tokens: DirectLineTokens;
  logger: Logger;
  bot: { id: string; name: string };
  defaultRegion: string;
}

/**
 * The Direct Line as a Bot Framework channel: turns what a client posts into activities for the
 * bot (run in this process), and takes the bot's replies, which come back through the Bot
 * Connector API at the service URL this channel gives each activity.
 */
export class DirectLineBotChannel {
  constructor(private readonly deps: BotChannelDeps) {}

  /**
   * The service URL for one conversation. The path carries a value derived from the signing key,
   * so only this process (which reads it from the activity) can post as the bot; it stays the
   * same across restarts, so stored conversation references keep working.
   */
  async serviceUrl(connectorBase: string, conversationId: string): Promise<string> {
    return `${connectorBase}/${await this.connectorKey(conversationId)}`;
  }

  async isConnectorKey(conversationId: string, key: string): Promise<boolean> {
    return key === (await this.connectorKey(conversationId));
  }

  /** Starts the conversation once: the bot gets conversationUpdate (bot and user added) and says its welcome. */
  async start(connectorBase: string, claims: TokenClaims): Promise<boolean> {
    const { conversationId } = claims;
    if (await this.deps.log.meta(conversationId)) return false;
    const created = await this.deps.log.create(conversationId, { userId: claims.userId, userName: claims.userName });
    if (!created) return false;
    const activity = {
      type: 'conversationUpdate',
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: CHANNEL_ID,
      serviceUrl: await this.serviceUrl(connectorBase, conversationId),
      from: this.user(claims),
      recipient: this.botAccount(),
      conversation: { id: conversationId },
      membersAdded: [this.botAccount(), this.user(claims)],
    };
    await this.runTurn(activity);
    return true;
  }

  /** Logs the user's activity (secrets removed from the logged copy), runs the bot's turn, and answers with the activity id. */
  async receive(connectorBase: string, claims: TokenClaims, posted: ClientActivity): Promise<{ id: string }> {
    const { conversationId } = claims;
    await this.start(connectorBase, claims); // a client may post before POST /conversations
    // Enough for the last three turns of the user's: a password named counts for three messages (logContext).
    const context = logContext(await this.deps.log.recent(conversationId, 16));
    const timestamp = new Date().toISOString();
    const base: Record<string, unknown> = {
      ...posted,
      timestamp,
      channelId: CHANNEL_ID,
      from: { ...this.user(claims), name: claims.userName ?? posted.from?.name },
      recipient: this.botAccount(),
      conversation: { id: conversationId },
    };
    if ((base.from as { name?: string }).name === undefined) delete (base.from as { name?: string }).name;
    const logged = await this.deps.log.append(conversationId, (id) =>
      redactForLog({ ...base, id } as LoggedActivity, { ...context, defaultRegion: this.deps.defaultRegion }),
    );
    // The bot gets the original text: its redaction middleware must see a secret to tell the user it was removed.
    await this.runTurn({ ...base, id: logged.id, serviceUrl: await this.serviceUrl(connectorBase, conversationId) });
    return { id: logged.id };
  }

  /** An activity the bot sent (reply, proactive message): appended to the conversation's log. */
  async fromBot(conversationId: string, sent: Record<string, unknown>, replyToId?: string): Promise<{ id: string }> {
    if (!(await this.deps.log.meta(conversationId))) throw new HttpError(404, 'conversation_not_found', 'No such conversation.');
    if (sent.type === 'trace') return { id: randomUUID() }; // diagnostics for the Emulator, never shown to users
    const { serviceUrl: _secretPath, ...rest } = sent; // the service URL must never reach a client
    const logged = await this.deps.log.append(conversationId, (id) => ({
      ...rest,
      type: String(rest.type),
      id,
      timestamp: new Date().toISOString(),
      channelId: CHANNEL_ID,
      conversation: { id: conversationId },
      // A relayed technician message keeps the technician's display name (protocol.md); the id stays the bot's.
      from: { ...(rest.from as object | undefined), ...this.botAccount(), ...technicianName(rest) },
      ...(replyToId ? { replyToId } : {}),
    }));
    return { id: logged.id };
  }

  private async runTurn(activity: Record<string, unknown>): Promise<void> {
    const conversationId = (activity.conversation as { id: string }).id;
    try {
      // Local mode: authentication is disabled, so an empty authorization header yields an anonymous identity.
      // The adapter runs the turns of one conversation one at a time, as those of /api/messages (bots/adapter.ts).
      await this.deps.adapter.processActivityDirect('', activity as unknown as Activity, this.deps.botLogic);
    } catch (error) {
      // The activity is already in the log; the bot's own onTurnError has told the user what it could.
      this.deps.logger.error({ err: errorSummary(error), conversation: conversationId, activityType: activity.type }, 'direct line turn failed');
    }
  }

  /** What the bot's last prompt in the log waits for (channelData.helpline.expects), if anything. */
  private connectorKey(conversationId: string): Promise<string> {
    return this.deps.tokens.derive(CONNECTOR_PURPOSE, conversationId);
  }

  private botAccount() {
    return { id: this.deps.bot.id, name: this.deps.bot.name, role: 'bot' };
  }

  private user(claims: TokenClaims) {
    return { id: claims.userId, ...(claims.userName ? { name: claims.userName } : {}), role: 'user' };
  }
}

function technicianName(activity: Record<string, unknown>): { name?: string } {
  const helpline = (activity.channelData as { helpline?: { technician?: unknown } } | undefined)?.helpline;
  const name = (activity.from as { name?: unknown } | undefined)?.name;
  return helpline?.technician && typeof name === 'string' ? { name } : {};
}
