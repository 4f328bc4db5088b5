import {
  StatusCodes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type InvokeResponse,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError, type AuthenticateRequestResult } from 'botframework-connector';
import type { AppConfig } from '../config';
import type { Logger } from '../logging';
import { errorSummary } from '../server/server';
import { message } from '../dialogs/wire';
import { KeyedQueue } from '../server/keyed-queue';
import { cacheClients } from './client-cache';

/**
 * A CloudAdapter that runs one turn at a time per conversation, in arrival order. A user who sends
 * a second message before the first is answered (a double tap, a fast typist in Teams) would
 * otherwise have both turns read the same dialog state, and the later save would undo the earlier
 * turn. This holds within one instance; of two turns of one conversation that reach two instances
 * at the same moment, the one that saves second fails and is retried by the user (conversation-state.ts).
 * Every inbound turn passes here: /api/messages and the local Direct Line alike.
 */
class OrderedTurnsAdapter extends CloudAdapter {
  // A turn still running after 30 s (a hung store call) no longer holds the next one back: the
  // channel has given up on it anyway, and the user must not be left without answers for good.
  private readonly turns = new KeyedQueue({ maxWaitMs: 30_000 });

  protected override async processActivity(authorization: string | AuthenticateRequestResult, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    // Authenticated before it takes a place in the queue: a request without a valid token is refused
    // (401) at once and cannot hold back the turns of a conversation it merely names. Turns queue in
    // the order their authentication ends: the order they arrived, unless one waits on the daily
    // refresh of the channel's signing keys.
    const authenticated = typeof authorization === 'string' ? await this.botFrameworkAuthentication.authenticateRequest(activity, authorization) : authorization;
    return this.turns.run(`${activity.channelId}\u0000${activity.conversation?.id}`, () => super.processActivity(authenticated, activity, logic));
  }
}

/**
 * The adapter, one turn at a time per conversation, with channel authentication enforced whenever
 * MicrosoftAppId is set (ConfigurationBotFrameworkAuthentication disables it only when the id is empty).
 */
export function createAdapter(config: AppConfig, logger: Logger, middleware: Middleware[], authOverrides: Partial<ConfigurationBotFrameworkAuthenticationOptions> = {}): CloudAdapter {
  const { env } = config;
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: env.MicrosoftAppId ?? '',
    MicrosoftAppPassword: env.MicrosoftAppPassword ?? '',
    MicrosoftAppType: env.MicrosoftAppType ?? (env.MicrosoftAppId ? 'MultiTenant' : ''),
    MicrosoftAppTenantId: env.MicrosoftAppTenantId ?? '',
    ...authOverrides,
  } as ConfigurationBotFrameworkAuthenticationOptions);
  // botframework-connector lets some malformed-token errors (alg none, unknown key, tampered
  // signature) escape as plain Errors, which CloudAdapter answers with a 500. They are the
  // caller's fault: answer 401 like every other authentication failure.
  const authenticateRequest = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (activity, authHeader) => {
    try {
      return await authenticateRequest(activity, authHeader);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(`Unauthorized: ${error instanceof Error ? error.message : 'invalid token'}`, StatusCodes.UNAUTHORIZED);
    }
  };
  cacheClients(auth);
  const adapter = new OrderedTurnsAdapter(auth);
  for (const m of middleware) adapter.use(m);

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // State is saved only at the end of a successful turn, so the last consistent state stays.
    logger.error({ err: errorSummary(error), conversation: context.activity.conversation?.id, activityType: context.activity.type }, 'turn failed');
    // With expectReplies the replies of the failed turn are still buffered: drop them, so the
    // user is not shown a next step that was never saved, only the apology.
    context.bufferedReplyActivities.length = 0;
    try {
      await context.sendActivity(message("Sorry, something went wrong on our side and I couldn't finish that. Please try again: nothing you've told me so far is lost."));
    } catch (sendError) {
      logger.warn({ err: errorSummary(sendError) }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}
