import { MemoryStorage, TestAdapter } from 'botbuilder';
import { ComponentDialog, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import { TranscriptMiddleware } from '../../../src/bots/middleware/transcript';
import { askAgainAfterGuard, type TurnGuard } from '../../../src/bots/helpline-bot';
import { createConversationDataAccessor } from '../../../src/dialogs/conversation-data';
import { TranscriptStore } from '../../../src/services/privacy/transcripts';
import { ask, message, type Expects } from '../../../src/dialogs/wire';
import { CountingStore } from '../../../src/services/storage/counting-store';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { createHarness, hl, testClock } from '../../dialogs/privacy/harness';
import { HelplineConversationState } from '../../../src/bots/conversation-state';

/** "start" asks for an email; the answer "stop recording" turns recording off, as the opt-out feature does. */
function setup() {
  const clock = testClock();
  const store = new CountingStore(new SqliteStore({ dataDir: ':memory:', now: clock.now }));
  const h = createHarness({
    store,
    clock,
    host: (privacy, conversationData) => {
      const dialog = new ComponentDialog('recordingSwitch');
      dialog.addDialog(
        new WaterfallDialog('switch', [
          async (step) => {
            const data = await conversationData.get(step.context, { noticesShown: {} });
            data.recordingOff = true;
            await step.context.sendActivity(message('OK, I will not record this chat from now on.'));
            return step.endDialog();
          },
        ]),
      );
      void privacy;
      return { dialog, options: () => ({}) };
    },
  });
  return { ...h, store };
}

/** "start" asks the questions in turn (by default a name, a birth date, an address and a device model, as the contact and device dialogs do). */
function questionnaire(
  questions: [string, Expects][] = [
    ['What is your name?', 'name'],
    ['What is your date of birth?', 'birthdate'],
    ['What is your address?', 'address'],
    ['Which model is it?', 'device_model'],
  ],
) {
  const dialog = new ComponentDialog('questionnaire');
  // The first dialog added is the one the component starts.
  dialog.addDialog(
    new WaterfallDialog('ask', [
      ...questions.map(([question, expects]) => async (step: WaterfallStepContext) => step.prompt('answer', { prompt: ask(question, expects) })),
      async (step: WaterfallStepContext) => step.endDialog(),
    ]),
  );
  dialog.addDialog(new TextPrompt('answer'));
  const clock = testClock();
  const store = new SqliteStore({ dataDir: ':memory:', now: clock.now });
  return createHarness({ store, clock, host: () => ({ dialog, options: () => ({}) }) });
}

describe('TranscriptMiddleware', () => {
  it('masks a whole answer to a personal-data question, which redaction alone would keep without a cue word (P10)', async () => {
    const { conversation, privacy } = questionnaire();
    const chat = conversation();
    await chat.say('start');
    await chat.say('Jane Doe');
    await chat.say('03/04/1990');
    await chat.say('221B Baker Street');
    await chat.say('Pixel 7');
    const users = (await privacy.transcripts.list(chat.conversationId)).filter((e) => e.from === 'user').map((e) => e.text);
    expect(users).toEqual(['start', '[NAME]', '[BIRTHDATE]', '[ADDRESS]', 'Pixel 7']);
  });

  // "I agree" to another question, asked while the email question was open, was stored "[EMAIL]".
  it('keeps words a guard took at the email or phone question as typed, unless they may hold an address or number', async () => {
    const clock = testClock();
    const dialog = new ComponentDialog('contactQuestions');
    dialog.addDialog(
      new WaterfallDialog('ask', [
        async (step: WaterfallStepContext) => step.prompt('answer', { prompt: ask("What's your email address?", 'email') }),
        async (step: WaterfallStepContext) => step.prompt('answer', { prompt: ask("What's your phone number?", 'phone') }),
        async (step: WaterfallStepContext) => step.endDialog(),
      ]),
    );
    dialog.addDialog(new TextPrompt('answer'));
    // Answers another question ("note: ...") and has the open one asked again, as the recording consent's guard does.
    const noteGuard: TurnGuard = async (context) => {
      if (!/^note:/.test(context.activity.text ?? '')) return false;
      askAgainAfterGuard(context);
      return true;
    };
    const { conversation, privacy } = createHarness({ store: new SqliteStore({ dataDir: ':memory:', now: clock.now }), clock, host: () => ({ dialog, options: () => ({}) }), guards: [noteGuard] });
    const chat = conversation();
    await chat.say('start');
    // The last, a name, is the question's answer: masked whole, as ever.
    for (const said of ['note: I agree', 'note: jo at example dot com', 'note: ana@example.org', 'jane smith']) await chat.say(said);
    for (const said of ['note: sure thing', 'note: four one five five five five two six seven one', 'note: 415 555 2671']) await chat.say(said);
    const users = (await privacy.transcripts.list(chat.conversationId)).filter((e) => e.from === 'user').map((e) => e.text);
    expect(users).toEqual(['start', 'note: I agree', '[EMAIL]', '[EMAIL]', '[EMAIL]', 'note: sure thing', '[PHONE]', '[PHONE]']);
  });

  it('stores no one-time code typed at the code question, whole or in groups, which redaction lets through for the dialog to check (P10)', async () => {
    const codeQuestion: [string, Expects] = ['Please type the 6-digit code from the email.', 'otp'];
    const { conversation, privacy } = questionnaire([codeQuestion, codeQuestion, codeQuestion, codeQuestion, codeQuestion]);
    const chat = conversation();
    await chat.say('start');
    const answers = ['82 19 44', '821 944', 'it is 82-19-44', '821944', 'send a new code'];
    for (const answer of answers) await chat.say(answer);
    const users = (await privacy.transcripts.list(chat.conversationId)).filter((e) => e.from === 'user').map((e) => e.text);
    expect(users).toEqual(['start', '[removed]', '[removed]', '[removed]', '[removed]', 'send a new code']);
  });

  it('keeps the user message and all bot replies of a turn in one masked write', async () => {
    const { conversation, privacy, store } = setup();
    const chat = conversation();
    await chat.say('hello');
    const records = async () => (await store.query('conversations', chat.conversationId, { keyPrefix: 'transcript/' })).length;
    const recordsBefore = await records();
    store.reset();
    await chat.say('my email is ana@example.com and my password is Hunter2Secret!');
    // At most the conversation state and the transcript are written on an ordinary turn.
    expect(store.snapshot().writes).toBeLessThanOrEqual(2);
    expect(await records()).toBe(recordsBefore + 1);
    const entries = await privacy.transcripts.list(chat.conversationId);
    // Nothing else in that message asks for anything: the redaction echo, then what the user needs.
    const last = entries.slice(-3);
    expect(last.map((e) => e.from)).toEqual(['user', 'bot', 'bot']);
    expect(last[0].text).toBe('my email is [EMAIL] and my password is [removed]');
    expect(last[1].text).toMatch(/^I removed a password/);
    expect(last[2].text).toBe('What can I help you with?');
    expect(JSON.stringify(entries)).not.toMatch(/ana@example\.com|Hunter2Secret/);
  });

  it('shows the recording notice once, before the reply to the first message', async () => {
    const { conversation } = setup();
    const chat = conversation();
    const first = await chat.say('hello');
    expect(hl(first[0]).notice?.id).toBe('recording');
    expect(first[0].text).toMatch(/don't record this chat/);
    expect(first.length).toBeGreaterThan(1);
    const second = await chat.say('hello again');
    expect(second.some((r) => hl(r).notice)).toBe(false);
  });

  it('links the conversation to the user once, so their transcript can be exported or erased', async () => {
    const { conversation, privacy } = setup();
    const chat = conversation();
    await chat.say('hello');
    await chat.say('hello again');
    expect((await privacy.profiles.get(chat.userId))?.conversations.map((c) => c.id)).toEqual([chat.conversationId]);
  });

  it('stores no message text from the moment recording is turned off (P8)', async () => {
    const { conversation, privacy } = setup();
    const chat = conversation();
    await chat.say('hello');
    const before = (await privacy.transcripts.list(chat.conversationId)).length;
    await chat.say('start stop recording');
    await chat.say('my printer is offline');
    expect(await privacy.transcripts.list(chat.conversationId)).toHaveLength(before);
    expect(await privacy.transcripts.isRecordingOff(chat.conversationId)).toBe(true);
    expect(await privacy.transcripts.append(chat.conversationId, { from: 'technician', text: 'hi', timestamp: new Date().toISOString() })).toBe(false);
  });

  it('leaves relayed technician messages to the handoff relay, which appends them itself', async () => {
    const clock = testClock();
    const transcripts = new TranscriptStore(new SqliteStore({ dataDir: ':memory:', now: clock.now }), { retentionDays: 90, now: clock.now });
    const state = new HelplineConversationState(new MemoryStorage());
    const adapter = new TestAdapter(async (context) => {
      await context.sendActivity(message('Tina here, looking at it now', { technician: { id: 't1', name: 'Tina' } }));
      await context.sendActivity(message('You are connected to a technician.', { handoff: { state: 'assigned' } }));
    });
    adapter.use(new TranscriptMiddleware({ transcripts, conversationData: createConversationDataAccessor(state), conversationState: state, logger: { warn: () => undefined }, now: clock.now }));
    await adapter.receiveActivity({ type: 'message', text: 'hi' });
    const entries = await transcripts.list('Convo1');
    expect(entries.map((e) => [e.from, e.text])).toEqual([
      ['user', 'hi'],
      ['bot', 'You are connected to a technician.'],
    ]);
  });
});
