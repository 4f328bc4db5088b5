import { ConversationState, TestAdapter } from 'botbuilder';
import { StoreBotStorage } from '../../../../src/bots/store-bot-storage';
import { botStateKeys } from '../../../../src/services/privacy/requests/user-data';
import { memoryStore } from '../../../support/memory-store';

describe('the bot-state keys erasure deletes', () => {
  it('are exactly the keys botbuilder’s ConversationState writes, so erasure really finds them', async () => {
    const { store } = memoryStore();
    const state = new ConversationState(new StoreBotStorage(store));
    const accessor = state.createProperty<{ said: string }>('conversationData');
    const adapter = new TestAdapter(async (context) => {
      await accessor.set(context, { said: context.activity.text ?? '' });
      await state.saveChanges(context);
    });
    await adapter.send('my name is Jane');
    const { conversation, channelId, user } = adapter.conversation;
    const [key] = botStateKeys(`${channelId}:${user!.id}`, conversation.id);
    const stored = await store.get<{ conversationData: { said: string } }>('botstate', key, key);
    expect(stored?.value.conversationData.said).toBe('my name is Jane');
  });
});
