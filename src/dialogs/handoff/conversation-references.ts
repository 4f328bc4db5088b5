import { TurnContext, type ConversationReference } from 'botbuilder';
import type { Store } from '../../services/storage/store';
import { LruMap } from '../../services/lru-map';

const KEY = 'reference';
const CACHE_LIMIT = 5000;

/**
 * The ConversationReference of every conversation, stored (conversations/<id>, 'reference') at
 * the start of each turn, so a technician's message or a queue update reaches the user on any
 * channel with continueConversationAsync, also after a restart or from another instance.
 */
export class ConversationReferences {
  // What this instance last wrote, so an unchanged reference costs no write.
  private readonly written = new LruMap<string, string>(CACHE_LIMIT);

  constructor(
    private readonly store: Store,
    private readonly ttlSeconds: number,
  ) {}

  /** The onTurnStart hook. */
  async remember(context: TurnContext): Promise<void> {
    const activity = context.activity;
    if (!activity.conversation?.id || !activity.serviceUrl || !activity.from?.id) return;
    const reference = TurnContext.getConversationReference(activity);
    // Drops the incoming activity id: a proactive message is not a reply to an old message.
    const { activityId: _activityId, ...stable } = reference as Partial<ConversationReference>;
    const json = JSON.stringify(stable);
    const id = activity.conversation.id;
    if (this.written.get(id) === json) return;
    await this.store.put('conversations', id, KEY, stable, { ttlSeconds: this.ttlSeconds });
    this.written.set(id, json);
  }

  async get(conversationId: string): Promise<Partial<ConversationReference> | undefined> {
    const found = await this.store.get<Partial<ConversationReference>>('conversations', conversationId, KEY);
    return found?.value;
  }
}
