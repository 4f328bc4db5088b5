import path from 'node:path';
import Database from 'better-sqlite3';
import { data, startTestBot, type TestBot } from '../support/conversation';

jest.setTimeout(60_000);

describe('Teams channels and group chats', () => {
  let bot: TestBot;
  beforeEach(async () => {
    bot = await startTestBot();
  });
  afterEach(() => bot.close());

  const rowsAbout = (conversationId: string, typed: string) => {
    const db = new Database(path.join(bot.dataDir, 'helpline.db'), { readonly: true });
    try {
      return db.prepare('SELECT container, id FROM records WHERE pk = ? OR value LIKE ?').all(conversationId, `%${typed}%`);
    } finally {
      db.close();
    }
  };

  it.each([
    ['a channel', { isGroup: true, conversationType: 'channel' }],
    ['a group chat', { isGroup: true, conversationType: 'groupChat' }],
  ])('in %s a message gets only a pointer to a one-to-one chat, and nothing is stored', async (_where, kind) => {
    const user = bot.conversation({ channelId: 'msteams' });
    const conversation = { id: user.conversationId, ...kind };
    const replies = await user.send({ type: 'message', text: 'my printer is offline, email me at jane.group@example.com', conversation } as never);
    expect(replies.map((r) => r.text)).toEqual([expect.stringMatching(/^To keep your details private I only help one-to-one, not in a channel or group chat/)]);
    expect(data(replies[0]).expects).toBeUndefined();
    // Said again: still only the pointer (no dialog started, no notice shown).
    expect((await user.send({ type: 'message', text: 'hello?', conversation } as never)).map((r) => r.text)).toEqual([replies[0].text]);
    expect(rowsAbout(user.conversationId, 'jane.group@example.com')).toEqual([]);
  });

  it('a bot added to a team says nothing there (no welcome inviting details)', async () => {
    const user = bot.conversation({ channelId: 'msteams' });
    const replies = await user.send({ type: 'conversationUpdate', membersAdded: [user.user, { id: 'helpline-bot' }], conversation: { id: user.conversationId, isGroup: true, conversationType: 'channel' } } as never);
    expect(replies).toEqual([]);
  });

  it('a personal chat is helped as usual', async () => {
    const user = bot.conversation({ channelId: 'msteams' });
    const replies = await user.send({ type: 'message', text: 'my printer is offline', conversation: { id: user.conversationId, conversationType: 'personal' } } as never);
    expect(replies.map((r) => r.text).join('\n')).toMatch(/Printer shows as offline/);
  });
});
