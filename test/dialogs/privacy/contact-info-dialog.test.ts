import fs from 'node:fs';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { fromRoot } from '../../../src/paths';
import { NOTICE_CATEGORY_OF } from '../../../src/dialogs/wire';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { createHarness, hl, noticeIds, testClock, texts } from './harness';
import { removeTempDirs, tempDir } from '../../support/temp-dir';

type Fields = ('name' | 'email' | 'phone' | 'address')[];

function contactHarness(fields: Fields, optional: Fields = [], more: Parameters<typeof createHarness>[0] = {}) {
  return createHarness({
    ...more,
    host: (privacy) => ({ dialog: privacy.dialogs.contactInfo, options: () => ({ fields, optional, purpose: 'send you the repair quote' }) }),
  });
}

const prompts = (replies: Partial<Activity>[]) => replies.filter((r) => hl(r).expects);
const result = (replies: Partial<Activity>[]) => {
  const line = texts(replies).find((t) => t.startsWith('RESULT '));
  return line ? JSON.parse(line.slice(7)) : undefined;
};

/** A copy of content/notices with the contact notice at a later version and what changed. */
function bumpedNotices(): string {
  const dir = tempDir('helpline-notices-');
  for (const name of fs.readdirSync(fromRoot('content/notices'))) {
    let text = fs.readFileSync(fromRoot('content/notices', name), 'utf8');
    if (name === 'contact.yaml') {
      text = text
        .replace('"2026-11-01"', '"2027-02-01"')
        .replace('changes: []', 'changes:\n  - version: "2027-02-01"\n    summary: We now also use your phone number to text you repair updates.');
    }
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('ContactInfoDialog', () => {
  it('shows the contact notice right before the first contact question, with the protocol fields', async () => {
    const { conversation, config } = contactHarness(['email', 'phone']);
    const chat = conversation();
    const replies = await chat.say('start');
    const noticeAt = replies.findIndex((r) => hl(r).notice?.id === 'contact');
    const firstContactPrompt = replies.findIndex((r) => NOTICE_CATEGORY_OF[hl(r).expects ?? 'text'] === 'contact');
    expect(noticeAt).toBeGreaterThanOrEqual(0);
    expect(firstContactPrompt).toBe(noticeAt + 1);
    expect(hl(replies[noticeAt]).notice).toEqual({
      id: 'contact',
      version: '2026-11-01',
      categories: ['name', 'email', 'phone', 'address'],
      purposes: expect.arrayContaining([expect.any(String)]),
      retentionDays: config.policy.retentionDays.contact,
      required: true,
    });
    expect(replies[noticeAt].text).toContain(config.policy.privacyPolicyUrl);
    expect(hl(replies[firstContactPrompt]).expects).toBe('email');
  });

  it('asks only the requested fields, stores them with their source, and phone numbers in E.164', async () => {
    const { conversation, privacy } = contactHarness(['email', 'phone']);
    const chat = conversation();
    await chat.say('start');
    const afterEmail = await chat.say('ana@example.com');
    expect(prompts(afterEmail).map((p) => hl(p).expects)).toEqual(['phone']);
    expect(noticeIds(afterEmail)).toEqual([]);
    const done = await chat.say('(415) 555-2671');
    expect(result(done)).toEqual({ email: 'ana@example.com', phone: '+14155552671' });
    const profile = await privacy.profiles.get(chat.userId);
    expect(profile?.fields.phone).toMatchObject({ value: '+14155552671', source: 'contact dialog', conversationId: 'conv-1' });
    expect(profile?.fields.name).toBeUndefined();
  });

  it('takes the email and phone given with the name ("Jane Doe, jane@example.com") and does not ask for them again', async () => {
    const { conversation } = contactHarness(['name', 'email', 'phone']);
    const chat = conversation();
    await chat.say('start');
    const afterName = await chat.say('Jane Doe, jane@example.com');
    expect(prompts(afterName).map((p) => hl(p).expects)).toEqual(['phone']);
    expect(result(await chat.say('(415) 555-2671'))).toEqual({ name: 'Jane Doe', email: 'jane@example.com', phone: '+14155552671' });

    // A doubtful address given that way is asked about at its own question instead.
    const other = conversation();
    await other.say('start');
    expect(prompts(await other.say('Sam Lee, sam@gmial.com')).map((p) => hl(p).expects)).toEqual(['email']);
  });

  it('re-prompts with what was wrong, and every prompt and re-prompt says what it expects', async () => {
    const { conversation } = contactHarness(['email', 'phone', 'address']);
    const chat = conversation();
    await chat.say('start');
    const badEmail = await chat.say('ana at example');
    expect(prompts(badEmail)).toHaveLength(1);
    expect(hl(badEmail[0]).expects).toBe('email');
    expect(badEmail[0].text).toMatch(/needs an @ and a domain/);
    await chat.say('ana@example.com');
    const badPhone = await chat.say('555-1234');
    expect(hl(badPhone[0]).expects).toBe('phone');
    expect(badPhone[0].text).toMatch(/too short/);
    await chat.say('415 555 2671');
    const badAddress = await chat.say('1 Main St, Springfield, IL');
    expect(hl(badAddress[0]).expects).toBe('address');
    expect(badAddress[0].text).toMatch(/ZIP code/);
    const done = await chat.say('1 Main St, Springfield, IL 62701');
    expect(result(done).address).toEqual({ street: '1 Main St', city: 'Springfield', region: 'IL', postcode: '62701', country: 'US' });
  });

  it('asks once about a likely typo in a common mail domain: the corrected address or the same one again is kept', async () => {
    const { conversation } = contactHarness(['email']);
    const corrected = conversation();
    await corrected.say('start');
    const doubt = await corrected.say('ana@gmial.com');
    expect(prompts(doubt)).toHaveLength(1);
    expect(hl(doubt[0]).expects).toBe('email');
    expect(doubt[0].text).toMatch(/Did you mean gmail\.com rather than gmial\.com\?/);
    expect(doubt[0].text).not.toContain('ana@'); // the re-prompt does not repeat what was typed
    expect(result(await corrected.say('ana@gmail.com'))).toEqual({ email: 'ana@gmail.com' });

    const insisted = conversation();
    await insisted.say('start');
    await insisted.say('bo@gmial.com');
    expect(result(await insisted.say('bo@gmial.com'))).toEqual({ email: 'bo@gmial.com' });
  });

  it('asks about an extension a call back cannot dial: "yes" keeps the number alone, a direct number replaces it', async () => {
    const { conversation } = contactHarness(['phone']);
    const yes = conversation();
    const first = await yes.say('start');
    // The contact notice comes right before the question (P1).
    expect(noticeIds(first).at(-1)).toBe('contact');
    expect(hl(first[first.length - 1]).expects).toBe('phone');
    const doubt = await yes.say('415-555-2671 ext 23');
    expect(prompts(doubt)).toHaveLength(1);
    expect(hl(doubt[0]).expects).toBe('phone');
    expect(doubt[0].text).toMatch(/not extension 23\. Say yes to keep \+1 415 555 2671, or type a direct number/);
    expect(result(await yes.say('yes'))).toEqual({ phone: '+14155552671' });

    const direct = conversation();
    await direct.say('start');
    await direct.say('415 555 2671 x23');
    expect(result(await direct.say('212 555 0188'))).toEqual({ phone: '+12125550188' });
  });

  // Both numbers' digits together were refused as "too many digits", and typing either alone was the only way on.
  it('asks which of two numbers to use: "yes" keeps the first, the other typed replaces it', async () => {
    const { conversation } = contactHarness(['phone']);
    const yes = conversation();
    await yes.say('start');
    const doubt = await yes.say('415 555 2671 or 415 555 2672');
    expect(prompts(doubt)).toHaveLength(1);
    expect(hl(doubt[0]).expects).toBe('phone');
    expect(doubt[0].text).toBe("That's two numbers, and we can keep only one. Say yes to use the first, +1 415 555 2671, \"the second one\" to use +1 415 555 2672, or type the one you'd like us to use.");
    expect(result(await yes.say('yes'))).toEqual({ phone: '+14155552671' });

    const other = conversation();
    await other.say('start');
    await other.say('call me on 415 555 2671 or 415 555 2672');
    expect(result(await other.say('415 555 2672'))).toEqual({ phone: '+14155552672' });
  });

  // The real number was kept without a word about the other.
  it('at a real and a fake number says which is real and why the other is not: "yes" keeps the real one, another typed replaces it', async () => {
    const { conversation } = contactHarness(['phone']);
    const yes = conversation();
    await yes.say('start');
    const doubt = await yes.say('415 555 2671 or 555 201 3344');
    expect(result(doubt)).toBeUndefined();
    expect(prompts(doubt)[0].text).toBe(
      "That's two numbers, and only +1 415 555 2671 is a real one: 555 201 3344 isn't (555 is not a real area code: it is kept for films and examples). Say yes to use +1 415 555 2671, or type the one you'd like us to use.",
    );
    expect(result(await yes.say('yes'))).toEqual({ phone: '+14155552671' });

    const other = conversation();
    await other.say('start');
    await other.say('415 555 2671 or 555 201 3344');
    expect(result(await other.say('212 555 0188'))).toEqual({ phone: '+12125550188' });
  });

  // These were not understood, and the doubt was asked again.
  it.each([
    ['415 555 2671 or 415 555 2672', 'the second one', '+14155552672'],
    ['415 555 2671 or 415 555 2672', 'the second', '+14155552672'],
    ['415 555 2671 or 415 555 2672', 'the other one', '+14155552672'],
    ['415 555 2671 or 415 555 2672', 'the first one', '+14155552671'],
    ['home 415 555 2671 mobile 415 555 2672', 'the mobile one', '+14155552672'],
  ])('at two numbers, %j then %j keeps %s', async (numbers, answer, phone) => {
    const { conversation } = contactHarness(['phone']);
    const c = conversation();
    await c.say('start');
    await c.say(numbers);
    expect(result(await c.say(answer))).toEqual({ phone });
  });

  it('"the mobile one" at two numbers nobody named asks the doubt again', async () => {
    const { conversation } = contactHarness(['phone']);
    const c = conversation();
    await c.say('start');
    await c.say('415 555 2671 or 415 555 2672');
    const again = await c.say('the mobile one');
    expect(result(again)).toBeUndefined();
    expect(prompts(again)[0].text).toMatch(/^That's two numbers/);
  });

  it('re-asks a sentence given for the name ("actually my printer is broken") instead of keeping it, and reads "call me Bob"', async () => {
    const { conversation } = contactHarness(['name']);
    const c = conversation();
    await c.say('start');
    const again = await c.say('actually my printer is broken');
    expect(result(again)).toBeUndefined();
    expect(prompts(again)[0].text).toMatch(/^That reads like a sentence rather than a name\..*What name should we use for you\?/);
    expect(result(await c.say('call me Bob'))).toEqual({ name: 'Bob' });
  });

  it('takes "yes" and "no" to the doubt: yes for the provider it suggested, no for the address as typed', async () => {
    const { conversation } = contactHarness(['email']);
    const yes = conversation();
    await yes.say('start');
    await yes.say('cy@gmial.com');
    expect(result(await yes.say('yes'))).toEqual({ email: 'cy@gmail.com' });

    const no = conversation();
    await no.say('start');
    await no.say('di@gmial.com');
    expect(result(await no.say('no'))).toEqual({ email: 'di@gmial.com' });
  });

  it('reads an address written out ("jo at example dot com"), says how it read it, and keeps it on "yes"; "no" asks again', async () => {
    const { conversation } = contactHarness(['email']);
    const chat = conversation();
    await chat.say('start');
    const doubt = await chat.say('my email is jo at example dot com');
    expect(doubt[0].text).toBe("So that's jo@example.com? Please say yes or no.");
    expect(hl(doubt[0]).expects).toBe('email');
    const again = await chat.say('no');
    expect(again[0].text).toBe("OK. What's your email address?");
    await chat.say('my email is jo at example dot com');
    expect(result(await chat.say('yes'))).toEqual({ email: 'jo@example.com' });
  });

  // "no its john dot smith" was neither a yes nor a no: the doubt was asked again, and again after every answer.
  it('takes "no, ..." to "So that\'s ...?" as a no and the answer again', async () => {
    const { conversation } = contactHarness(['email']);
    const chat = conversation();
    await chat.say('start');
    await chat.say('john dot smith at yahoo dot com');
    const again = await chat.say('no its john dot smith');
    expect(again[0].text).toBe("That doesn't look like an email address: it needs an @ and a domain, like name@example.com. What's your email address?");
    expect((await chat.say('john dot smith at gmail dot com'))[0].text).toBe("So that's john.smith@gmail.com? Please say yes or no.");
    expect(result(await chat.say('no, its john_smith@gmail.com'))).toEqual({ email: 'john_smith@gmail.com' });
  });

  it.each(['skip', 'no thanks', 'rather not', "I'd rather not"])('lets the user decline an optional field with "%s"', async (decline) => {
    const { conversation, privacy } = contactHarness(['email', 'phone'], ['phone']);
    const chat = conversation();
    const first = await chat.say('start');
    expect(first.find((r) => hl(r).notice?.id === 'contact')?.text).toMatch(/email address \(needed\) and your phone number \(optional\)/);
    await chat.say('ana@example.com');
    const done = await chat.say(decline);
    expect(result(done)).toEqual({ email: 'ana@example.com' });
    expect((await privacy.profiles.get(chat.userId))?.fields.phone).toBeUndefined();
  });

  it.each(['my phone is broken', "I don't have a phone right now"])('reads "%s" at an optional phone question as declining it, at once', async (said) => {
    const { conversation, privacy } = contactHarness(['email', 'phone'], ['phone']);
    const chat = conversation();
    await chat.say('start');
    await chat.say('ana@example.com');
    expect(result(await chat.say(said))).toEqual({ email: 'ana@example.com' });
    expect((await privacy.profiles.get(chat.userId))?.fields.phone).toBeUndefined();
  });

  it.each(['how long will this take?', 'what is the wait time', 'can I just call you', 'will you send me a code?'])('answers a question of the user\'s ("%s") honestly instead of calling it a wrong address', async (question) => {
    const { conversation } = contactHarness(['email']);
    const chat = conversation();
    await chat.say('start');
    const reply = await chat.say(question);
    expect(reply[0].text).toBe(`I can't answer questions in the middle of this one, sorry. What's your email address? (Or say "cancel" to stop, and ask me then.)`);
    expect(hl(reply[0]).expects).toBe('email');
  });

  it('does not let a required field be skipped', async () => {
    const { conversation } = contactHarness(['email']);
    const chat = conversation();
    await chat.say('start');
    const reply = await chat.say('skip');
    expect(hl(reply[0]).expects).toBe('email');
    expect(reply[0].text).toMatch(/can.t be skipped: I need your email address to send you the repair quote/);
  });

  it('answers "is this chat recorded?" at a contact question with the recording notice, then asks the same question', async () => {
    const { conversation } = contactHarness(['email']);
    const chat = conversation();
    await chat.say('start');
    const reply = await chat.say('is this chat recorded?');
    expect(reply).toHaveLength(1);
    expect(reply[0].text).toMatch(/^We keep a copy of this chat.*\n\nWhat's your email address\?$/s);
  });

  // The second row was told "I can't answer questions in the middle of this one".
  it.each([
    ...['why do you need my email?', 'who will see it', 'who sees this?', 'do you share my email with anyone?', 'Is it required?', 'what do you need that for'],
    ...['what will you do with it?', 'what are you going to do with my email', 'what is it used for', 'whats it for', 'what happens to my email?', 'wat do u need it for', 'will you spam me?'],
  ])(
    'answers "%s" with what the notice says, then asks the same question; nothing is kept',
    async (question) => {
      const { conversation, privacy } = contactHarness(['email']);
      const chat = conversation();
      await chat.say('start');
      const reply = await chat.say(question);
      expect(reply).toHaveLength(1);
      expect(hl(reply[0]).expects).toBe('email');
      expect(reply[0].text).toMatch(/^We use your contact details only to reach you about this request.*Only our support team sees them.*\n\nI'm asking for your email address to send you the repair quote\.\n\nWhat's your email address\?$/s);
      expect((await privacy.profiles.get(chat.userId))?.fields.email).toBeUndefined();
      await chat.say('jane@example.com');
      expect((await privacy.profiles.get(chat.userId))?.fields.email?.value).toBe('jane@example.com');
    },
  );

  it('says what an optional question is for, and that it is optional, when asked why: the notice alone says the category is needed', async () => {
    const { conversation } = contactHarness(['phone'], ['phone']);
    const chat = conversation();
    await chat.say('start');
    const reply = await chat.say('why do you need my number?');
    expect(reply[0].text).toContain("\n\nI'm asking for your phone number to send you the repair quote; you don't have to give it.\n\nWhat's the best phone number");
  });

  it('does not repeat the notice in the same conversation, but shows it again in a new one', async () => {
    const { conversation } = contactHarness(['name']);
    const chat = conversation('conv-1');
    expect(noticeIds(await chat.say('start'))).toContain('contact');
    await chat.say('Ana');
    const again = await chat.say('start');
    expect(noticeIds(again)).not.toContain('contact');
    expect(hl(again[0]).expects).toBe('name');
    const next = conversation('conv-2');
    expect(noticeIds(await next.say('start'))).toContain('contact');
  });

  it('shows a new notice version again and tells a returning user what changed', async () => {
    const clock = testClock();
    const dir = tempDir('helpline-store-');
    const store = new SqliteStore({ dataDir: dir, now: clock.now });
    const before = contactHarness(['name'], [], { store, clock });
    const chat = before.conversation('conv-1');
    await chat.say('start');
    await chat.say('Ana');

    // The company publishes a new contact notice; the same conversation continues after a restart.
    const after = contactHarness(['name'], [], { store, clock, noticesDir: bumpedNotices() });
    const resumed = after.conversation('conv-1');
    const replies = await resumed.say('start');
    const notice = replies.find((r) => hl(r).notice?.id === 'contact');
    expect(hl(notice).notice?.version).toBe('2027-02-01');
    expect(notice?.text).toMatch(/We've updated how we handle your contact details since you last saw this notice \(2026-11-01\)/);
    expect(notice?.text).toContain('We now also use your phone number to text you repair updates.');
    expect(replies.indexOf(notice as Partial<Activity>)).toBe(replies.findIndex((r) => hl(r).expects === 'name') - 1);
    const repeat = await resumed.say('Ana');
    expect(noticeIds(repeat)).toEqual([]);
    await store.close();
  });
});

afterAll(removeTempDirs);
