import type { Activity, Middleware } from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import { setClassification } from '../../../src/dialogs/classification';
import { TroubleshootDialog } from '../../../src/dialogs/troubleshoot/troubleshoot-dialog';
import { helplineData } from '../../../src/dialogs/wire';
import { CaseStore } from '../../../src/services/cases/case-store';
import { Router } from '../../../src/services/nlu/router';
import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';
import { memoryFlowMemory } from '../../support/flow-memory';
import { memoryStore } from '../../support/memory-store';
import { data, startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

// What the QA tester typed at guides' steps, each of which looped on "Once you've tried that, how
// did it go?", was dropped, or was taken for an answer it was not.
const catalog = loadFlows('content/flows');
let router: Router;
beforeAll(async () => {
  router = await Router.load('content/nlu');
});

/** A troubleshooting conversation whose every message is classified first, as the bot does. */
function conversation() {
  const { store, clock } = memoryStore();
  const cases = new CaseStore(store, clock.now);
  const classify: Middleware = {
    onTurn: async (context, next) => {
      if (context.activity.text) setClassification(context, router.classify(context.activity.text));
      await next();
    },
  };
  let client: DialogTestClient | undefined;
  const dialog = new TroubleshootDialog({ catalog, cases, memory: memoryFlowMemory() });
  /** Sends each message in turn; the replies to the last, and the step they leave the user at. */
  async function say(...texts: string[]): Promise<{ texts: string[]; stepId?: string; flow?: string }> {
    let replies: Partial<Activity>[] = [];
    for (const text of texts) {
      client ??= new DialogTestClient('test', dialog, { classification: router.classify(text) }, [classify]);
      replies = [];
      for (let reply = await client.sendActivity(text); reply; reply = client.getNextReply()) replies.push(reply);
    }
    const step = helplineData(replies.at(-1)).step;
    return { texts: replies.map((r) => r.text ?? ''), stepId: step?.stepId, flow: step?.flow };
  }
  return { say, cases };
}

describe('a step whose one way on is not a "Still ..." answer', () => {
  it.each(['didnt work', 'nope', 'i already did that'])('%j at "Check the mailbox isn\'t full" is its "Storage is fine"', async (said) => {
    const { say } = conversation();
    expect((await say('outlook wont send emails', 'No, it fails there too')).stepId).toBe('storage');
    expect((await say(said)).stepId).toBe('bounce');
  });

  it('"didnt work" is that answer at the Android lock guide\'s "Find Hub" step, and asks again where two answers could be the way on', async () => {
    const { say } = conversation();
    expect((await say('i forgot my android passcode')).stepId).toBe('android-find');
    expect((await say('didnt work')).stepId).toBe('android-recovery');
    expect((await say('didnt work')).stepId).toBe('android-recovery');
  });
});

describe('an error code typed at a step', () => {
  it('is noted and kept for the technician, and the step asked again', async () => {
    const { say, cases } = conversation();
    await say('outlook wont send emails', 'No, it fails there too');
    const reply = await say('it says error 0x800CCC0E');
    expect(reply.texts.join('\n')).toContain("Thanks, I've noted that.");
    expect(reply.stepId).toBe('storage');
    await say('Talk to a technician');
    const [record] = await cases.list('test:user1');
    expect(record.stepsTried.map((s) => [s.stepId, s.outcome])).toContainEqual(['storage', 'Detail: it says error 0x800CCC0E']);
  });

  it.each(['it says error 651', 'the screen shows E3', 'error code 43'])('%j is noted too', async (said) => {
    const { say } = conversation();
    await say('outlook wont send emails', 'No, it fails there too');
    const reply = await say(said);
    expect(reply.texts.join('\n')).toContain("Thanks, I've noted that.");
    expect(reply.stepId).toBe('storage');
  });

  it('with an answer, is the answer, the code kept with it', async () => {
    const { say, cases } = conversation();
    await say('outlook wont send emails', 'No, it fails there too');
    expect((await say('storage is fine, still error 0x800CCC0E')).stepId).toBe('bounce');
    await say('Talk to a technician');
    const [record] = await cases.list('test:user1');
    expect(record.stepsTried.map((s) => [s.stepId, s.outcome])).toContainEqual(['storage', 'Detail: storage is fine, still error 0x800CCC0E']);
  });
});

describe('the computer power step', () => {
  it.each(['yes its plugged in', 'the light on the charger is on', 'charging light is on'])('%j says the check passed and nothing changed: "Still nothing"', async (said) => {
    const { say } = conversation();
    expect((await say('laptop wont turn on', 'nothing at all')).stepId).toBe('power-check');
    expect((await say(said)).stepId).toBe('hard-reset');
  });

  it('"the laptop is on" is no passed check: it may be working', async () => {
    const { say } = conversation();
    await say('laptop wont turn on', 'nothing at all');
    expect((await say('the laptop is on')).stepId).not.toBe('hard-reset');
  });
});

describe('the second message an instruction step cannot read', () => {
  it('is asked the closed result question, whose "no" goes on', async () => {
    const { say } = conversation();
    await say('laptop wont turn on', 'nothing at all');
    expect((await say('hmm weird stuff')).texts).toContain('Once you\'ve tried that, how did it go? Please pick one of the options, or say "Talk to a technician".');
    const second = await say('the thing flickered a bit');
    expect(second.texts).toEqual(['Sorry, I didn\'t follow. Did that fix it?']);
    expect((await say('no')).stepId).toBe('hard-reset');
  });
});

describe('a detail at a step whose only answer is "Done"', () => {
  it('"its an hp" is noted and the step asked again, not taken as Done', async () => {
    const { say } = conversation();
    const at = (await say('printer says paper jam but theres no paper in it')).stepId;
    const reply = await say('its an hp');
    expect(reply.texts.join('\n')).toContain("Thanks, I've noted that.");
    expect(reply.stepId).toBe(at);
  });
});

describe('"already did that" at a question', () => {
  it('is no answer to "Do other devices work on the same Wi-Fi right now?": the question again', async () => {
    const { say } = conversation();
    expect((await say('my echo dot keeps saying its having trouble connecting', 'Still not working')).stepId).toBe('echo-check-router');
    expect((await say('i already did that yesterday')).stepId).toBe('echo-check-router');
  });
});

describe('the app named in the opening message', () => {
  // It was asked "Which one are you using?" after the website question: only until the first answer did the opening count.
  it.each([
    ['my outlook on windows wont send emails', 'Outlook on Windows', 'work-offline'],
    ['gmail on my iphone wont send emails', 'A mail app on my phone or tablet', 'update-app'],
  ])('%j answers "Which one are you using?" after the website question', async (opening, app, stepId) => {
    const { say } = conversation();
    expect((await say(opening)).stepId).toBe('webmail');
    const reply = await say('Yes, the website works');
    expect(reply.texts).toContain(`Going by what you told me: ${app}.`);
    expect(reply.stepId).toBe(stepId);
  });

  it('"outlook on my laptop keeps crashing" is not asked which app crashes', async () => {
    const { say } = conversation();
    const reply = await say('outlook on my laptop keeps crashing');
    expect(reply.texts).toContain('Going by what you told me: Outlook on Windows.');
  });
});

describe('mail that stopped arriving or won\'t load', () => {
  it.each(['gmail on my iphone stopped getting new mail', 'yahoo mail wont load on my laptop'])('%j starts "Email won\'t send or receive"', async (opening) => {
    const { say } = conversation();
    expect((await say(opening)).flow).toBe('email-cant-send-receive');
  });
});

describe('a sign-in code that is refused', () => {
  // It was "It says my password is wrong", and the Caps Lock step.
  it('"they texted me a code but it says wrong code" is asked for a new code, not the Caps Lock step', async () => {
    const { say } = conversation();
    expect((await say('i cant sign in to my email', 'OK')).stepId).toBe('what-happens');
    expect((await say('they texted me a code but it says wrong code')).stepId).toBe('code-rejected');
  });
});

describe('the smart speaker and TV steps, through the whole bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function atPlacement() {
    const user = bot.conversation();
    await user.say('alexa isnt responding');
    await user.say('its not red');
    const at = await user.say('didnt help');
    expect(data(at.at(-1)!).step).toMatchObject({ stepId: 'placement' });
    return user;
  }

  // It got "Sorry, I didn't explain that well, and I can't put it another way."
  it('"what does that mean" at an instruction is told what the step is for, and the step again', async () => {
    const user = await atPlacement();
    const replies = await user.say('what does that mean');
    const said = replies.map((r) => r.text).join('\n');
    expect(said).toMatch(/^This step is one of the things that most often fixes this problem/m);
    expect(said).toContain('Move the speaker at least 20 cm');
    expect(said).not.toContain("can't put it another way");
    expect(data(replies.at(-1)!).step).toMatchObject({ stepId: 'placement' });
  });

  it('"what does that mean" at a step with plainer words of its own is told them', async () => {
    const user = bot.conversation();
    await user.say('my printer says offline');
    await user.say('Still offline');
    const replies = await user.say('what does that mean');
    expect(replies.map((r) => r.text).join('\n')).toContain('a cable running from it to your computer means USB');
    expect(data(replies.at(-1)!).step).toMatchObject({ stepId: 'connection-type' });
  });

  // It was asked again.
  it('"it says something went wrong" after unplugging the speaker is its "Still not working"', async () => {
    const user = await atPlacement();
    await user.say('ok done, no change');
    const replies = await user.say('it says something went wrong');
    expect(data(replies.at(-1)!).step).toMatchObject({ stepId: 'button-test' });
  });

  // The step had no "I can't find that", and "i dont have that button" was asked how it went.
  it('"i dont have that button" at the TV\'s Settings > Sound step is its "I can\'t find that"', async () => {
    const user = bot.conversation();
    await user.say('my tv has no sound');
    await user.say('Still no sound');
    const at = await user.say("The TV's own speakers");
    expect(data(at.at(-1)!).step).toMatchObject({ stepId: 'tv-output' });
    const replies = await user.say('i dont have that button');
    expect(data(replies.at(-1)!).step).toMatchObject({ stepId: 'other-source' });
  });
});
