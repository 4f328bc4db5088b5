import { DialogTestClient } from 'botbuilder-testing';
import { loadPolicy } from '../../../src/config';
import { PrivacyInfoDialog } from '../../../src/dialogs/rights/privacy-info-dialog';
import { message } from '../../../src/dialogs/wire';
import { ConsentLedger } from '../../../src/services/privacy/consent-ledger';
import { NoticeService, loadNoticeCatalogue } from '../../../src/services/privacy/notices';
import { RequestLedger } from '../../../src/services/privacy/requests/request-ledger';
import { TranscriptStore } from '../../../src/services/privacy/transcripts';
import { memoryStore } from '../../support/memory-store';

const policy = loadPolicy('content/helpline.config.yaml');

/** The dialog over a store of its own: the user's requests and the chat's recording marker are real records. */
function setUp(options: { recordingConsentAsked?: boolean } = {}) {
  const { store, clock } = memoryStore();
  const requests = new RequestLedger(store, { now: clock.now, dueDays: policy.privacyRequests.dueDays, retentionDays: policy.retentionDays.audit });
  const transcripts = new TranscriptStore(store, { now: clock.now, retentionDays: policy.retentionDays.transcripts });
  const notices = new NoticeService(loadNoticeCatalogue(), { store, retentionDays: policy.retentionDays, privacyPolicyUrl: policy.privacyPolicyUrl });
  const consents = new ConsentLedger(store, { now: clock.now, retentionDays: policy.retentionDays.audit });
  const dialog = new PrivacyInfoDialog({ policy, requests, consents, transcripts, gate: { answer: async (_context, id) => ({ activity: message(notices.noticeFor(id).text), commit: async () => {}, outcome: { notice: notices.noticeFor(id), sent: true, changes: [], reconsent: false } }) }, recordingConsent: { awaitsAnswer: async () => options.recordingConsentAsked === true }, now: clock.now });
  /** One question in a new conversation of user 'test:user' (DialogTestClient's conversation 'Convo1'). */
  const ask = async (question: string) => {
    const client = new DialogTestClient('test', dialog, { classification: { text: question } });
    return client.sendActivity(question);
  };
  return { requests, consents, transcripts, notices, clock, ask };
}

async function answer(question: string): Promise<string> {
  return (await setUp().ask(question))?.text ?? '';
}

describe('PrivacyInfoDialog: privacy questions answered from the configuration', () => {
  it('cookies: the chat works without them, and GPC is honoured', async () => {
    const text = await answer('do you use cookies');
    expect(text).toContain('this chat works without cookies');
    expect(text).toContain('Global Privacy Control');
    expect(text).toContain(policy.privacyPolicyUrl);
    expect(text).not.toContain('How long we keep data');
  });

  it('retention: the days per category come from the config file', async () => {
    const text = await answer('how long do you keep my data');
    expect(text).toContain(`chat transcripts: ${policy.retentionDays.transcripts} days`);
    expect(text).toContain(`contact details: ${policy.retentionDays.contact} days`);
    expect(text).toContain(`billing records: ${policy.retentionDays.billing} days (required by law)`);
    expect(text).toContain(`support tickets (for a technician or our billing team): ${policy.retentionDays.handoffs} days`);
    expect(text).not.toContain('technician tickets');
  });

  it.each([
    ["I'm in California, what are my rights", 'In California (CCPA/CPRA)', 'In the EU'],
    ['im in the EU what are my rights', 'In the EU, the EEA or the UK (GDPR)', 'In California'],
    ['what are my rights under gdpr', 'data protection authority', 'In California'],
    ['i live in germany', 'In the EU, the EEA or the UK (GDPR)', 'How long we keep data'],
  ])('rights by region: "%s" gets the rights, what the law there adds and our deadline from the config', async (question, says, doesNotSay) => {
    const text = await answer(question);
    expect(text).toContain('Your rights: you can see, download, correct or delete your data');
    expect(text).toContain(says);
    expect(text).toContain(`within ${policy.privacyRequests.dueDays} days`);
    expect(text).not.toContain(doesNotSay);
  });

  it('a question naming no region gets no region paragraph', async () => {
    const text = await answer('what are my rights');
    expect(text).toContain('Your rights:');
    expect(text).not.toMatch(/In California|In the EU/);
  });

  it('sharing and security get their own answers; a vague question gets the overview', async () => {
    const sharing = await answer('who do you share my data with');
    // No claim the company's own policy may contradict ("we never sell"): the policy is named instead.
    expect(sharing).not.toMatch(/never sell/i);
    expect(sharing).toContain(`Which other companies we share data with, and why, is set out in our privacy policy (${policy.privacyPolicyUrl})`);
    // A billing question is taken by our billing team, not a technician.
    expect(sharing).toContain('whoever takes your case (a technician, or our billing team for billing questions)');
    expect(await answer('is my data secure')).toContain('secrets are removed from your messages before anything is stored');
    // "don't share my password with anyone" (the router's privacy_info, not a sharing opt-out) is reassured.
    expect(await answer("don't share my password with anyone")).toContain('secrets are removed from your messages before anything is stored');
    const overview = await answer('tell me about privacy');
    expect(overview).toContain('What we collect');
    expect(overview).toContain('How long we keep data');
    expect(overview).toContain(`Questions for our privacy team: ${policy.company.contactEmail}`);
  });
});

describe('PrivacyInfoDialog: where the user\'s own requests stand', () => {
  // DialogTestClient's user on its channel (userIdOf).
  const USER = 'test:user1';

  it('"did you delete my data yet" with a deletion waiting for the code: what was asked, when, what it waits for, how to go on, and when it closes', async () => {
    const t = setUp();
    const open = await t.requests.create({ userId: USER, type: 'deletion', channel: 'test', actor: 'user' });
    await t.requests.transition(USER, open.id, 'identity_pending', 'bot');
    const reply = await t.ask('did you delete my data yet');
    expect(reply?.text).toContain(`Request ${open.id} (deletion of your data), asked on 31 March 2026, is still open`);
    expect(reply?.text).toContain('waiting for you to confirm it');
    expect(reply?.text).toContain('say "delete my data"');
    expect(reply?.text).toContain(`If it isn't confirmed by 30 April 2026, it closes.`);
    expect(reply?.text).not.toContain('How long we keep data');
    expect(reply?.channelData?.helpline?.request).toEqual({ id: open.id, type: 'deletion', status: 'identity_pending', dueDate: '2026-04-30' });
  });

  it('a verified request left unfinished is still open with its due date, and past it says it is overdue and where to write', async () => {
    const t = setUp();
    const open = await t.requests.create({ userId: USER, type: 'deletion', channel: 'test', actor: 'user' });
    await t.requests.transition(USER, open.id, 'verified', 'user', { verifiedBy: 'email code', subjects: [USER] });
    const before = (await t.ask('whats happening with my deletion'))?.text ?? '';
    expect(before).toContain(`Request ${open.id} (deletion of your data), asked on 31 March 2026, is still open: you're verified`);
    expect(before).toContain('It is due by 30 April 2026');
    expect(before).not.toContain('overdue');
    t.clock.advance(40 * 86400_000);
    const after = (await t.ask('whats happening with my deletion'))?.text ?? '';
    expect(after).toContain('It was due by 30 April 2026, so it is overdue');
    expect(after).toContain(policy.company.contactEmail);
  });

  it('a finished request says how it ended; only requests of the kind asked about are told', async () => {
    const t = setUp();
    const exported = await t.requests.create({ userId: USER, type: 'access', channel: 'test', actor: 'user' });
    await t.requests.transition(USER, exported.id, 'verified', 'user');
    t.clock.advance(86400_000);
    await t.requests.transition(USER, exported.id, 'completed', 'bot', { note: 'export sent in the chat' });
    const deletion = await t.requests.create({ userId: USER, type: 'deletion', channel: 'test', actor: 'user' });
    await t.requests.transition(USER, deletion.id, 'withdrawn', 'user', { note: 'the user chose not to delete' });
    const text = (await t.ask('status of my export'))?.text ?? '';
    expect(text).toBe(`Request ${exported.id} (access to your data), asked on 31 March 2026, was completed on 1 April 2026.`);
    expect((await t.ask('any news on my data request'))?.text).toContain(`Request ${deletion.id} (deletion of your data), asked on 1 April 2026, was withdrawn on 1 April 2026, so nothing was done (the user chose not to delete)`);
  });

  // A request the user took back reads as theirs; one we closed (a code never confirmed) as not carried out.
  it('tells a request closed without being carried out apart from one the user withdrew', async () => {
    const t = setUp();
    const deletion = await t.requests.create({ userId: USER, type: 'deletion', channel: 'test', actor: 'user' });
    await t.requests.transition(USER, deletion.id, 'denied', 'bot', { note: 'too many wrong codes' });
    expect((await t.ask('any news on my data request'))?.text).toContain(`Request ${deletion.id} (deletion of your data), asked on 31 March 2026, was closed on 31 March 2026 without being carried out (too many wrong codes)`);
  });

  it('with no request of that kind, says so and offers to start one', async () => {
    const t = setUp();
    const reply = await t.ask('did you delete my data yet');
    expect(reply?.text).toContain("I can't find a request for deletion of your data from you. Would you like to start one?");
    expect(reply?.suggestedActions?.actions.map((a: { value: unknown }) => a.value)).toEqual(['Delete my data']);
    expect(reply?.channelData?.helpline?.request).toBeUndefined();
  });
});

describe('PrivacyInfoDialog: "is this chat recorded?" answered for this chat', () => {
  it('recorded: yes, with what is kept and for how long (the recording notice)', async () => {
    const t = setUp();
    const text = (await t.ask('is this chat recorded'))?.text ?? '';
    expect(text).toMatch(/^Yes, this chat is recorded\./);
    expect(text).toContain(t.notices.noticeFor('recording').text);
    expect(text).toContain(`${policy.retentionDays.transcripts} days`);
  });

  it.each(['is this chat recorded', 'are you recording this'])('recording off in this chat: "%s" gets no, not the overview', async (question) => {
    const t = setUp();
    await t.transcripts.setRecordingOff('Convo1');
    const text = (await t.ask(question))?.text ?? '';
    expect(text).toMatch(/^No, this chat is not recorded: I keep no transcript/);
    // A user back the next day may not remember turning it off: how to turn it on again.
    expect(text).toContain('To turn recording back on, say "start recording my chats again".');
    expect(text).not.toContain('a masked copy of the chat');
    expect(text).not.toContain('How long we keep data');
  });

  // It said "start recording my chats again", an opt-in asking for a code, while the question that turns recording on was open.
  it('while the changed recording notice\'s question is open: no, and answer the question', async () => {
    const t = setUp({ recordingConsentAsked: true });
    await t.transcripts.setRecordingOff('Convo1');
    const reply = await t.ask('is this chat recorded?');
    expect(reply?.text).toMatch(/^No, this chat is not recorded: the recording notice has changed/);
    expect(reply?.text).toContain('Say "I agree" to let us record it');
    expect(reply?.text).not.toContain('start recording my chats again');
    expect(reply?.suggestedActions?.actions.map((a: { value: unknown }) => a.value)).toEqual(['I agree', "I don't agree"]);
  });
});

describe('PrivacyInfoDialog: where the user\'s own choices stand', () => {
  const USER = 'test:user1';
  const refuse = (t: ReturnType<typeof setUp>, purpose: 'marketing_email' | 'marketing_phone' | 'third_party_sharing' | 'transcript_recording') =>
    t.consents.record({ userId: USER, purpose, granted: false, channel: 'test', source: 'opt-out dialog' });

  it.each(['what have i opted out of', 'am i still subscribed to your newsletter', 'what did i just opt out of', 'what are my privacy settings'])(
    '"%s": what is off since when, what is on, and the words that change each; no request, no address',
    async (question) => {
      const t = setUp();
      await refuse(t, 'marketing_email');
      await refuse(t, 'marketing_phone');
      t.clock.advance(86400_000);
      await refuse(t, 'third_party_sharing');
      const reply = await t.ask(question);
      expect(reply?.text).toMatch(/^Here is where your privacy choices stand now:\nOff:\n/);
      expect(reply?.text).toContain('• marketing emails (since 31 March 2026)\n• marketing calls and texts (since 31 March 2026)\n• sharing your information with third parties (since 1 April 2026)');
      expect(reply?.text).toContain('On:\n• recording of your chats (this chat is recorded)');
      expect(reply?.text).toContain('just say so, e.g. "start sending me offers again" or "you can share my data again" or "don\'t record this chat"');
      expect(reply?.text).toContain(`For how we handle your data in general, ask "How do you use my data?"; the full privacy policy: ${policy.privacyPolicyUrl}.`);
      expect(reply?.text).not.toContain('What we collect');
      expect(reply?.channelData?.helpline?.request).toBeUndefined();
      expect(await t.requests.list(USER)).toEqual([]);
    },
  );

  it('recording off in this chat is off, and one marketing channel off names its own words', async () => {
    const t = setUp();
    await refuse(t, 'marketing_email');
    await refuse(t, 'transcript_recording');
    await t.transcripts.setRecordingOff('Convo1');
    const text = (await t.ask('what are my privacy settings'))?.text ?? '';
    expect(text).toContain('Off:\n• marketing emails (since 31 March 2026)\n• recording of your chats (since 31 March 2026)\nOn:\n• marketing calls and texts: you haven\'t asked us to stop, so we may call or text you with offers\n• sharing your information');
    expect(text).toContain('"start emailing me offers again" or "start recording my chats again" or "stop calling me" or "don\'t share my data"');
  });

  // On as the opt-out and the opt-in read it too (isOn), and said to be so because nothing was asked.
  it('a user who never chose anything has everything on, is told it is because they never asked us to stop, and how to stop each', async () => {
    const text = (await setUp().ask('what have i opted out of'))?.text ?? '';
    expect(text).not.toContain('Off:');
    expect(text).toContain(
      "On:\n• marketing emails: you haven't asked us to stop, so we may email you offers\n• marketing calls and texts: you haven't asked us to stop, so we may call or text you with offers\n" +
        "• sharing your information with third parties: you haven't asked us to stop, so we may share your contact details with our partners\n• recording of your chats (this chat is recorded)",
    );
    expect(text).toContain('"stop marketing emails" or "stop calling me"');
  });
});
