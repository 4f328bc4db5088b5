import { typingAnAnswer } from '../../src/dialogs/open-question';
import { ask } from '../../src/dialogs/wire';

/** A stored dialog state as botbuilder keeps it: each component dialog's own stack under state.dialogs, the active one last. */
const stored = (expects: Parameters<typeof ask>[1]) => ({
  dialogStack: [
    {
      id: 'main',
      state: {
        dialogs: {
          dialogStack: [
            { id: 'handoff', state: { dialogs: { dialogStack: [{ id: 'handoffFlow', state: {} }, { id: 'contactInfo', state: { dialogs: { dialogStack: [{ id: 'fields' }, { id: 'field', state: { options: { prompt: ask('?', expects) } } }] } } }] } } },
          ],
        },
      },
    },
  ],
});

describe('whether the user is typing an answer to the bot (queue updates wait meanwhile)', () => {
  it.each(['phone', 'email', 'name', 'address', 'otp', 'serial', 'text'] as const)('a question that expects a typed %s: yes', (expects) => {
    expect(typingAnAnswer(stored(expects))).toBe(true);
  });

  it.each(['choice', 'confirm', 'rating'] as const)('a question answered by picking an option (%s), such as a flow step run while waiting: no', (expects) => {
    expect(typingAnAnswer(stored(expects))).toBe(false);
  });

  it('no question open (the user only waits): no', () => {
    expect(typingAnAnswer(undefined)).toBe(false);
    expect(typingAnAnswer({ dialogStack: [] })).toBe(false);
  });
});
