import type { TurnContext } from 'botbuilder';
import type { ConversationOwner, OwnerSnapshot } from '../../services/handoff/conversation-owner';
import { isTechnician } from '../../services/handoff/handoff-record';

const KEY = Symbol('helpline.handoff.owner');

/**
 * The conversation's owner record, read once per turn: the redaction middleware (stay silent?)
 * and the handoff guard both need it. Writes still go through eTag conditions, so a record that
 * changed since this read makes the write fail rather than act on stale data.
 */
export async function ownerForTurn(
  context: TurnContext,
  owners: ConversationOwner,
  mayHaveOwner?: (context: TurnContext) => Promise<boolean>,
): Promise<{ snapshot: OwnerSnapshot; technician: boolean }> {
  let pending = context.turnState.get(KEY) as Promise<OwnerSnapshot> | undefined;
  if (!pending) {
    // No handoff was ever started here, so no owner record can exist: the bot owns it, no read needed.
    pending = (async () => (mayHaveOwner && !(await mayHaveOwner(context)) ? { value: { owner: 'bot' as const } } : owners.get(context.activity.conversation.id)))();
    context.turnState.set(KEY, pending);
  }
  const snapshot = await pending;
  return { snapshot, technician: isTechnician(snapshot.value.owner) };
}
