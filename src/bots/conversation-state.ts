import { ConversationState, type TurnContext } from 'botbuilder';

interface Cached {
  state: Record<string, unknown>;
  /** What the state looked like when loaded or last saved (botbuilder calls it a hash). */
  hash: string;
}

/**
 * botbuilder's ConversationState with a cheaper change check. The stock one hashes the state
 * with a replacer-driven stringify plus SHA-256 at load, at save and again after the save: about
 * a tenth of a turn's CPU here. Helpline's state is plain JSON (the store writes it with
 * JSON.stringify anyway), so the snapshot is the JSON text itself, compared as a string.
 *
 * The cache entry keeps botbuilder's shape ({ state, hash }) under botbuilder's own key, so the
 * inherited get/clear/delete keep working: clear() sets hash '' which never equals a snapshot.
 */
export class HelplineConversationState extends ConversationState {
  private get cacheKey(): symbol {
    return (this as unknown as { stateKey: symbol }).stateKey;
  }

  override async load(context: TurnContext, force = false): Promise<Record<string, unknown>> {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    if (!force && cached?.state) return cached.state;
    const key = await this.storageKey(context);
    const items = await this.storage.read([key]);
    const state = (items[key] ?? {}) as Record<string, unknown>;
    context.turnState.set(this.cacheKey, { state, hash: snapshot(state) } satisfies Cached);
    return state;
  }

  /** Whether saveChanges will write: the state differs from what was loaded (or last saved). */
  willSave(context: TurnContext): boolean {
    const cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    return cached?.state !== undefined && cached.hash !== snapshot(cached.state);
  }

  override async saveChanges(context: TurnContext, force = false): Promise<void> {
    let cached = context.turnState.get(this.cacheKey) as Cached | undefined;
    const now = cached?.state ? snapshot(cached.state) : undefined;
    if (!force && (!cached || cached.hash === now)) return;
    const key = await this.storageKey(context);
    cached ??= { state: {}, hash: '' };
    // Written over the version this turn loaded, not blindly as botbuilder does: one instance runs a
    // conversation's turns one at a time, but a load balancer can give two messages of one
    // conversation to two instances. The later save then fails (the user is asked to try again)
    // instead of undoing the other turn's step; a state erased meanwhile stays erased. A state
    // that was not stored yet ('*') and one clear() replaced are written whatever is there.
    cached.state.eTag ??= '*';
    // StoreBotStorage puts the new version on the item, so a second save in this turn writes over it.
    await this.storage.write({ [key]: cached.state });
    cached.hash = now ?? snapshot(cached.state);
    context.turnState.set(this.cacheKey, cached);
  }
}

/** The state as JSON without its eTag (which changes with every write and is not content). */
function snapshot(state: Record<string, unknown>): string {
  const { eTag: _eTag, ...rest } = state;
  return JSON.stringify(rest);
}
