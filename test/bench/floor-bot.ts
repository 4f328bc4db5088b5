import { ActivityHandler, ConversationState, type TurnContext } from 'botbuilder';
import type restify from 'restify';
import type { AppConfig } from '../../src/config';
import type { Logger } from '../../src/logging';
import { createAdapter } from '../../src/bots/adapter';
import { StoreBotStorage } from '../../src/bots/store-bot-storage';
import { createServer } from '../../src/server/server';
import type { Store } from '../../src/services/storage/store';

/**
 * The floor: the same stack as Helpline (restify server with its JSON body limits and activity
 * schema, CloudAdapter, StoreBotStorage over the same Store) with a bot that only echoes and
 * does one conversation-state round trip per turn (read, increment a counter, write).
 * Whatever Helpline costs above this is its own logic.
 */
export function createFloorServer(config: AppConfig, logger: Logger, store: Store): restify.Server {
  const conversationState = new ConversationState(new StoreBotStorage(store, { ttlSeconds: config.policy.retentionDays.botState * 86400 }));
  const turns = conversationState.createProperty<number>('turns');
  const adapter = createAdapter(config, logger, []);

  class EchoBot extends ActivityHandler {
    constructor() {
      super();
      this.onMessage(async (context, next) => {
        const n = (await turns.get(context, 0)) + 1;
        await turns.set(context, n);
        await context.sendActivity(`(${n}) you said: ${context.activity.text ?? ''}`);
        await next();
      });
      this.onMembersAdded(async (context, next) => {
        const n = (await turns.get(context, 0)) + 1;
        await turns.set(context, n);
        await context.sendActivity('Hello!');
        await next();
      });
    }

    override async run(context: TurnContext): Promise<void> {
      await super.run(context);
      await conversationState.saveChanges(context, false);
    }
  }

  const bot = new EchoBot();
  return createServer({ adapter, botLogic: (context) => bot.run(context), store, logger });
}
