import {
  StatusCodes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationError } from 'botframework-connector';
import type { AppConfig } from '../config';
import type { Logger } from '../logging';
import { errorSummary } from '../server/server';
import { message } from '../dialogs/wire';
import { cacheClients } from './client-cache';

/**
 * The CloudAdapter with channel authentication enforced whenever MicrosoftAppId is set
 * (ConfigurationBotFrameworkAuthentication disables it only when the id is empty).
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
  const adapter = new CloudAdapter(auth);
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
