import type { Activity } from 'botbuilder';
import { recognizeChoices } from 'botbuilder-dialogs';
import { fixedChoiceRecognizer, NAMES_ONLY, picksIn, positionPicked } from '../../../src/dialogs/shared/choice-prompt';
import { data, startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

// Sunday noon in New York: outside business hours, so asking for a person gets the follow-up offer
// (1 Call me back, 2 Email me, 3 No thanks).
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');
const lastMessage = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').at(-1)!;

describe('fixedChoiceRecognizer', () => {
  // Its word check skips the recognizer only where the recognizer finds nothing: the answers must be the same.
  const choices = [
    { value: 'fixed', synonyms: ['it worked', 'that fixed it', 'works now', "it's back", 'back online', 'all good', 'up and running'] },
    { value: 'not fixed', synonyms: ["didn't work", 'still not', 'no luck', 'C++', '!!'] },
  ];
  const recognize = fixedChoiceRecognizer(choices);
  it.each([
    'Still offline', 'it worked', 'IT WORKED', 'thanks, that fixed it!', 'Fixed', 'fixed.', "its back", "It's BACK online now", 'works', 'all', 'no luck at all',
    'nothing to see here', '', '   ', 'c++', 'C++', '!!', '!', 'back', 'didnt work', "didn't work", 'up and running again 👍', 'Ünïcödé wörds', 'running',
  ])('finds what recognizeChoices finds in %j', (text) => {
    expect(recognize(text)).toEqual(recognizeChoices(text, choices, NAMES_ONLY));
  });
});

describe('positionPicked', () => {
  it.each([
    ['2', 1],
    ['2.', 1],
    ['#3', 2],
    ['option 1', 0],
    ['Number 2', 1],
    ['the 2nd one', 1],
    ['second', 1],
    ['The third option', 2],
    ['the last one', 2],
    ['first!', 0],
    // Read by one reader at every choice: these used to pick only at a guide's steps, or only elsewhere.
    ['two', 1],
    ['option two', 1],
    ['2 please', 1],
    ['the number 3', 2],
    ['no. 2', 1],
  ])('"%s" picks option %i of three', (typed, index) => {
    expect(positionPicked(typed, 3)).toBe(index);
  });

  it.each(['it was on the 3rd', 'I paid 49.99 on the 2nd', 'I tried 2 times', 'the first light blinks', '4', '0', 'no', '', 'no one', 'one sec', 'just a second'])(
    '"%s" picks no option of three',
    (typed) => {
      expect(positionPicked(typed, 3)).toBeUndefined();
    },
  );
});

describe('picksIn', () => {
  const choices = ['Blank, faded or streaky prints', 'Printer shows as offline', 'Something else'];
  const picked = (text: string) => picksIn(text, choices).map((m) => m.resolution.value);

  it('takes a label or synonym named anywhere, with the words found', () => {
    expect(picksIn('my printer shows as offline again', choices).map((m) => [m.resolution.value, m.resolution.synonym])).toEqual([['Printer shows as offline', 'Printer shows as offline']]);
  });

  it.each([
    ['2', 'Printer shows as offline'],
    ['the last one', 'Something else'],
    ['the first one', 'Blank, faded or streaky prints'],
  ])('takes "%s", a position that is the whole message, as that option', (text, value) => {
    expect(picked(text)).toEqual([value]);
  });

  // The stock recognizer read "2" in "i turned it off and on 2 times" as the second option.
  it.each(['i turned it off and on 2 times', 'one sec', '4'])('takes no position from "%s"', (text) => {
    expect(picked(text)).toEqual([]);
  });
});

describe('choice questions', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  it('a number inside a sentence does not pick an option; a number on its own does', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('i was charged twice for my subscription');
    // Before: "the 3rd" picked the third option, "No thanks", and the offer was over. It is a
    // detail for the ticket, and the offer is asked again.
    expect(lastMessage(await user.say('it was on the 3rd, 49.99')).text).toBe('Would you like a call back, an email, or neither?');
    expect(data(lastMessage(await user.say('2'))).expects).toBe('email');
  });

  it('"the second one" picks the second option', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    expect(data(lastMessage(await user.say('the second one'))).expects).toBe('email');
  });
});
