import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
  type Middleware,
  type TurnContext,
} from 'botbuilder';
import type { AppConfig } from '../config';
import type { Logger } from '../logging';
import { errorSummary } from '../server/server';
import { message } from '../dialogs/wire';

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
  const adapter = new CloudAdapter(auth);
  for (const m of middleware) adapter.use(m);

  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    // State is saved only at the end of a successful turn, so the last consistent state stays.
    logger.error({ err: errorSummary(error), conversation: context.activity.conversation?.id, activityType: context.activity.type }, 'turn failed');
    try {
      await context.sendActivity(message("Sorry, something went wrong on our side and I couldn't finish that. Please try again: nothing you've told me so far is lost."));
    } catch (sendError) {
      logger.warn({ err: errorSummary(sendError) }, 'could not tell the user about the failed turn');
    }
  };
  return adapter;
}
