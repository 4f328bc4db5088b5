import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { AppConfig } from '../../config';
import type { Logger } from '../../logging';
import type { RouteModule } from '../../server/server';
import type { Store } from '../../services/storage/store';
import { DirectLineBotChannel } from './bot-channel';
import { ConversationLog } from './conversation-log';
import { registerConnectorRoutes } from './connector-routes';
import { RateLimiter, type RateLimit } from '../../server/rate-limit';
import { registerClientRoutes } from './routes';
import { DirectLineTokens } from './tokens';

export { CHANNEL_ID as DIRECT_LINE_CHANNEL_ID } from './bot-channel';
export { DIRECT_LINE_PATH, CONNECTOR_PATH } from './routes';
export type { LoggedActivity } from './conversation-log';

export interface DirectLineDeps {
  config: AppConfig;
  adapter: CloudAdapter;
  botLogic: (context: TurnContext) => Promise<void>;
  store: Store;
  logger: Logger;
  now?: () => number;
  /** Token lifetime (default 1 h); the client refreshes it while the page is open. */
  tokenTtlSeconds?: number;
  /** How long the conversation log is kept (default 24 h, like Azure's Direct Line). */
  logTtlSeconds?: number;
  /** Conversations one client address may start (default 30 at once, then 30 a minute). */
  tokenRateLimit?: RateLimit;
  /** For the Azure token exchange (tests). */
  fetch?: typeof fetch;
}

export interface DirectLine {
  /** Registers /v3/directline/*, its Bot Connector endpoint, and POST /api/directline/token. */
  routes: RouteModule;
  tokens: DirectLineTokens;
  log: ConversationLog;
  channel: DirectLineBotChannel;
}

/**
 * The local Direct Line 3.0 endpoint (../shared/spec/protocol.md, "Local Direct Line"): lets the
 * widget, tests and the CLI talk to the bot with no cloud account. Tokens and the conversation
 * log live in the Store, so clients keep polling across a restart.
 */
export function createDirectLine(deps: DirectLineDeps): DirectLine {
  const { config, store, logger } = deps;
  const tokens = new DirectLineTokens(store, { ttlSeconds: deps.tokenTtlSeconds, now: deps.now });
  const log = new ConversationLog(store, { ttlSeconds: deps.logTtlSeconds, now: deps.now });
  const channel = new DirectLineBotChannel({
    adapter: deps.adapter,
    botLogic: deps.botLogic,
    log,
    tokens,
    logger,
    bot: { id: config.env.MicrosoftAppId || 'helpline-bot', name: `${config.policy.company.name} assistant` },
    defaultRegion: config.policy.defaultRegion,
  });
  const limiter = new RateLimiter(deps.tokenRateLimit ?? { burst: 30, perSecond: 0.5 }, deps.now);

  const routes: RouteModule = (server) => {
    registerClientRoutes(server, {
      tokens,
      log,
      channel,
      limiter,
      logger,
      enabled: config.localMode,
      publicUrl: config.env.HELPLINE_PUBLIC_URL,
      directLineSecret: config.env.DIRECT_LINE_SECRET,
      fetch: deps.fetch,
    });
    registerConnectorRoutes(server, { channel, logger });
  };

  return { routes, tokens, log, channel };
}
