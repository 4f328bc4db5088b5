import { asksIfRecorded, asksPrivacySettings, requestStatusAsked } from '../../../src/services/nlu/privacy-questions';

describe('requestStatusAsked: which of the user\'s requests a question asks after', () => {
  it.each([
    ['whats happening with my deletion', 'deletion'],
    ['did you delete my data yet', 'deletion'],
    ['has my data been deleted', 'deletion'],
    ['did my deletion go through', 'deletion'],
    ['status of my export', 'access'],
    ['is my export ready', 'access'],
    // Read as a new access request (0.89) before: it would have replaced the one asked after.
    ['did you send my data yet', 'access'],
    ['have you sent me my data', 'access'],
    ['any news on my data request', 'any'],
    ["what's the status of my privacy request", 'any'],
  ] as const)('%j asks after %s', (text, kind) => {
    expect(requestStatusAsked(text)).toBe(kind);
  });

  it.each(['delete my data', 'delete my data yet again', 'how long do you keep my data', 'when will my data be deleted', 'where is my data stored', 'any update on my callback', 'has my printer been fixed yet'])(
    '%j asks after no request',
    (text) => {
      expect(requestStatusAsked(text)).toBeUndefined();
    },
  );
});

describe('asksIfRecorded: whether this chat is recorded', () => {
  it.each(['is this chat recorded', 'are you recording this', 'are you recording me', 'is this conversation being recorded', 'do you record these chats', 'am i being recorded'])('%j asks', (text) => {
    expect(asksIfRecorded(text)).toBe(true);
  });

  it.each(['is my echo recording me', 'how long are recordings kept', "don't record this chat", 'delete my recordings'])('%j does not', (text) => {
    expect(asksIfRecorded(text)).toBe(false);
  });
});

describe('asksPrivacySettings: where the user\'s own choices stand', () => {
  it.each(['what have i opted out of', 'am i still subscribed to your newsletter', 'what did i just opt out of', 'what are my privacy settings', 'am i opted out', 'what have i unsubscribed from', 'did my opt out work', 'what are my marketing preferences'])(
    '%j asks',
    (text) => {
      expect(asksPrivacySettings(text)).toBe(true);
    },
  );

  it.each(['stop all marketing', 'change my privacy settings', 'unsubscribe me', 'how do i opt out', 'what is my data used for', 'am i still subscribed? unsubscribe me', 'turn off my marketing preferences'])('%j does not', (text) => {
    expect(asksPrivacySettings(text)).toBe(false);
  });
});
