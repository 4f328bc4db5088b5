import { ActivityTypes, ConversationState, MemoryStorage, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import { createConversationDataAccessor, forNextMessage, justSaid, startNextMessage } from '../../src/dialogs/conversation-data';

// What an answer leaves for the next message (plans listed, two numbers asked about, a declined
// follow-up) is that message's only, whichever part of the bot reads it or not.
const CONVERSATION = { channelId: 'test', conversation: { id: 'c1' }, from: { id: 'u1' }, recipient: { id: 'bot' } };

describe('what an answer leaves for the next message', () => {
  const storage = new MemoryStorage();
  const state = new ConversationState(storage);
  const accessor = createConversationDataAccessor(state);
  const adapter = new TestAdapter(async () => undefined);

  async function turn<T>(type: string, run: (context: TurnContext) => Promise<T>): Promise<T> {
    const context = new TurnContext(adapter, { ...CONVERSATION, type, text: type === ActivityTypes.Message ? 'hi' : undefined } as Activity);
    const result = await run(context);
    await state.saveChanges(context);
    return result;
  }
  // Read in a typing indicator's turn, which leaves it in place.
  const stored = () => turn(ActivityTypes.Typing, (context) => accessor.get(context));

  beforeEach(() => turn(ActivityTypes.Message, (context) => accessor.delete(context)));

  it('is read at the next message, and is gone from storage by the one after even when nothing read it', async () => {
    await turn(ActivityTypes.Message, (context) => forNextMessage(accessor, context, 'plansListed', { named: 'annual' }));
    expect(await stored()).toMatchObject({ nextMessage: { plansListed: { named: 'annual' } } });
    expect(await turn(ActivityTypes.Message, (context) => justSaid(accessor, context, 'plansListed'))).toEqual({ named: 'annual' });

    await turn(ActivityTypes.Message, (context) => forNextMessage(accessor, context, 'plansListed', { named: 'annual' }));
    await turn(ActivityTypes.Message, (context) => startNextMessage(accessor, context));
    expect(await stored()).not.toHaveProperty('nextMessage');
    expect(await turn(ActivityTypes.Message, (context) => justSaid(accessor, context, 'plansListed'))).toBeUndefined();
  });

  it('written before it is read in the same turn, is still the last message\'s that is read', async () => {
    await turn(ActivityTypes.Message, (context) => forNextMessage(accessor, context, 'plansListed', { named: 'annual' }));
    const read = await turn(ActivityTypes.Message, async (context) => {
      await forNextMessage(accessor, context, 'plansListed', { named: 'monthly' });
      return justSaid(accessor, context, 'plansListed');
    });
    expect(read).toEqual({ named: 'annual' });
    expect(await turn(ActivityTypes.Message, (context) => justSaid(accessor, context, 'plansListed'))).toEqual({ named: 'monthly' });
  });

  it('waits through a typing indicator for the message', async () => {
    await turn(ActivityTypes.Message, (context) => forNextMessage(accessor, context, 'declinedBilling', { reason: 'Refund request' }));
    await turn(ActivityTypes.Typing, (context) => startNextMessage(accessor, context));
    expect(await turn(ActivityTypes.Message, (context) => justSaid(accessor, context, 'declinedBilling'))).toEqual({ reason: 'Refund request' });
  });

  it('leaves nothing in storage when taken back', async () => {
    await turn(ActivityTypes.Message, async (context) => {
      await forNextMessage(accessor, context, 'plansListed', { named: 'annual' });
      await forNextMessage(accessor, context, 'plansListed', undefined);
    });
    expect(await stored()).not.toHaveProperty('nextMessage');
  });
});
