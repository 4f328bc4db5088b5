import { namesThisConversation } from '../../../../src/services/privacy/requests/chat-deletion';

describe('namesThisConversation', () => {
  it.each(['delete this chat', 'delete this conversation please', 'erase this conversation', 'delete what I typed here', "can you delete this chat's history", 'delete my messages in this chat'])(
    '"%s" names this chat',
    (text) => expect(namesThisConversation(text)).toBe(true),
  );

  it.each(['delete my data', 'forget everything you know about me', 'delete my account and this chat', 'delete all my data from this chat too', 'delete my email address'])(
    '"%s" is about the account',
    (text) => expect(namesThisConversation(text)).toBe(false),
  );
});
