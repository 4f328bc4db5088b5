import { expectsIn, receiptIn, said, useRightsBot, verifyByEmail } from './rights-harness';
import { loadNoticeCatalogue } from '../../src/services/privacy/notices';

// Opting back in through the real app (P7, P9, P11): what a Teams sign-in proves, and what it does not.
const rb = useRightsBot();

/** A signed-in Teams user (Entra object id) with `email` on file, whose marketing email is off. */
async function teamsUserOptedOut(name: string, email: string) {
  const aadObjectId = `6f1c0b6e-0000-4000-8000-${name.padEnd(12, '0').slice(0, 12)}`;
  const userId = `aad:${aadObjectId}`;
  await rb.rights.profiles.setFields(userId, { email }, 'contact dialog');
  const chat = rb.bot.conversation({ channelId: 'msteams', userId: `29:${name}`, aadObjectId });
  expect(expectsIn(await chat.say('stop sending me offers'))).toBe('phone'); // none on file: optional
  await chat.say('skip');
  expect(await rb.rights.suppression.get('email', email)).toBeDefined();
  rb.bot.clock.advance(60_000);
  return { chat, userId };
}

describe('opting back in from Teams', () => {
  it('marketing email needs the code mailed to the address even for a signed-in Teams user; without it the address stays on the do-not-market list', async () => {
    const email = 'tia.teams@example.com';
    const { chat, userId } = await teamsUserOptedOut('tia', email);
    await chat.say('opt me back in to your newsletter');
    const opened = await chat.say('yes');
    expect(receiptIn(opened)).toMatchObject({ type: 'opt_in', status: 'received' });
    // Asked for the address and then the code, although the sign-in alone would do for an access request.
    expect(expectsIn(opened)).toBe('email');
    const before = rb.smtp.mails.length;
    expect(expectsIn(await chat.say(email))).toBe('otp');
    await rb.smtp.waitFor(email, { after: before });

    const stopped = await chat.say('cancel');
    const closed = receiptIn(stopped);
    expect(closed).toMatchObject({ type: 'opt_in', status: 'withdrawn' });
    expect(await rb.rights.suppression.get('email', email)).toBeDefined();
    expect(await rb.rights.consents.isGranted(userId, 'marketing_email')).toBe(false);
    expect((await rb.rights.requests.get(userId, closed?.id as string))?.verifiedBy).toBeUndefined();
  });

  it('"another address" after a new code asks for the address again: the Teams sign-in never stands in for the code', async () => {
    const email = 'tom.teams@example.com';
    const { chat, userId } = await teamsUserOptedOut('tom', email);
    await chat.say('opt me back in to your newsletter');
    await chat.say('yes');
    const first = rb.smtp.mails.length;
    await chat.say(email);
    await rb.smtp.waitFor(email, { after: first });
    const mailed = rb.smtp.mails.length;
    expect(said(await chat.say('send a new code'))).toContain('A new code is on its way');
    // The new code's mail lands before the next address is given: arriving late, it was taken for
    // the next code's mail and its (replaced) code typed.
    await rb.smtp.waitFor(email, { after: mailed });
    // Still asked for an address to mail a code to, not switched on by the sign-in with the address kept.
    const again = await chat.say('another address');
    expect(expectsIn(again)).toBe('email');
    expect(said(again)).not.toContain('Done.');
    expect(await rb.rights.consents.isGranted(userId, 'marketing_email')).toBe(false);

    const done = await verifyByEmail(rb, chat, email);
    expect(said(done)).toContain("Done. I've switched back on:\n• marketing emails");
    expect(said(done)).toContain('t***@example.com is off our do-not-market list.');
    expect(receiptIn(done)).toMatchObject({ type: 'opt_in', status: 'completed' });
    expect(await rb.rights.suppression.get('email', email)).toBeUndefined();
    expect((await rb.rights.requests.get(userId, receiptIn(done)?.id as string))?.verifiedBy).toBe('email code');
  });

  it.each([
    ['sharing with third parties', 'you can share my data with partners again', 'third_party_sharing', "don't share my data"],
    ['recording', 'start recording my chats again', 'transcript_recording', "please don't record this chat"],
  ] as const)('%s is switched back on by the Teams sign-in alone, with no code', async (_name, ask, purpose, optOut) => {
    const aadObjectId = `6f1c0b6e-0000-4000-8000-${purpose.slice(0, 12).replace(/_/g, '0')}`;
    const userId = `aad:${aadObjectId}`;
    await rb.rights.profiles.setFields(userId, { email: `${purpose}.teams@example.com` }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'msteams', userId: `29:${purpose}`, aadObjectId });
    await chat.say(optOut);
    expect(await rb.rights.consents.isGranted(userId, purpose)).toBe(false);
    const asked = await chat.say(ask);
    expect(expectsIn(asked)).toBe('choice');
    const before = rb.smtp.mails.length;
    const done = await chat.say('yes');
    expect(expectsIn(done)).toBeUndefined();
    expect(said(done)).toContain("Done. I've switched back on:");
    expect(receiptIn(done)).toMatchObject({ type: 'opt_in', status: 'completed' });
    expect(rb.smtp.mails.length).toBe(before);
    expect(await rb.rights.consents.isGranted(userId, purpose)).toBe(true);
    expect((await rb.rights.requests.get(userId, receiptIn(done)?.id as string))?.verifiedBy).toBe('msteams sign-in');
    // A yes to recording is given under the notice as it reads now: without its version the next chat asked for it again.
    if (purpose === 'transcript_recording') expect((await rb.rights.consents.current(userId)).transcript_recording?.noticeVersion).toBe(loadNoticeCatalogue().find((n) => n.id === 'recording')?.version);
  });
});

// It explained "Before I switch anything back on" and asked for a code, to change nothing.
describe('opting in to what was never switched off', () => {
  it.each([
    ['start sending me offers again', ['marketing emails', 'marketing calls and texts'], 'stop sending me offers'],
    ['you can share my data with partners again', ['sharing your information with third parties'], "don't share my data"],
  ])('"%s" is told at once there is nothing to switch back on, with no question, code or request', async (ask, labels, stop) => {
    const name = `never${labels.length}${ask.length}`;
    const userId = `webchat:${name}`;
    await rb.rights.profiles.setFields(userId, { email: `${name}@example.com`, phone: '+14155550190' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: name });
    const before = rb.smtp.mails.length;
    const reply = await chat.say(ask);
    expect(said(reply)).toContain("There's nothing to switch back on");
    for (const label of labels) expect(said(reply)).toContain(`• ${label}`);
    expect(said(reply)).toContain(`"${stop}"`);
    expect(said(reply)).not.toContain('Before I switch anything back on');
    expect(expectsIn(reply)).toBeUndefined();
    expect(receiptIn(reply)).toBeUndefined();
    expect(rb.smtp.mails.length).toBe(before);
    expect(await rb.rights.requests.list(userId)).toEqual([]);
  });

  it('one choice off among those asked for still explains and asks', async () => {
    const userId = 'webchat:half';
    await rb.rights.profiles.setFields(userId, { email: 'half.optin@example.com', phone: '+14155550191' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'half' });
    await chat.say('stop calling me');
    expect(said(await chat.say('start sending me offers again'))).toContain('Before I switch anything back on');
  });
});

describe('changing one\'s mind while opting back in', () => {
  it('"stop sending me offers" at the yes-or-no question is taken as the opt-out it is, and nothing is opened for the opt-in', async () => {
    const userId = 'webchat:mia';
    await rb.rights.profiles.setFields(userId, { email: 'mia.optin@example.com', phone: '+14155550177' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'mia' });
    await chat.say('stop calling me');
    expect(said(await chat.say('you can call me with offers again'))).toContain('Shall I switch it back on?');

    const changed = await chat.say('stop sending me offers');
    expect(said(changed)).not.toContain('Nothing is switched on until you say yes');
    expect(receiptIn(changed)).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(expectsIn(changed)).toBeUndefined();
    expect(await rb.rights.suppression.get('email', 'mia.optin@example.com')).toBeDefined();
    expect((await rb.rights.requests.list(userId)).map((r) => r.type)).toEqual(['opt_out', 'opt_out']);
    // The question is gone: a "yes" now switches nothing on.
    await chat.say('yes');
    expect(await rb.rights.consents.isGranted(userId, 'marketing_phone')).toBe(false);
  });

  it('"stop sending me offers" while the opt-in\'s code is awaited closes the opt-in request with a receipt and applies the opt-out', async () => {
    const userId = 'webchat:max';
    const email = 'max.optin@example.com';
    await rb.rights.profiles.setFields(userId, { email, phone: '+14155550178' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'max' });
    await chat.say('stop calling me');
    rb.bot.clock.advance(60_000);
    await chat.say('you can call me with offers again');
    const optIn = receiptIn(await chat.say('yes'));
    expect(expectsIn(await chat.say(email))).toBe('otp');

    const changed = await chat.say('stop sending me offers');
    expect(said(changed)).toContain(`OK, I've closed request ${optIn?.id} (opt-in).`);
    expect(changed.map((a) => receiptIn([a])).filter(Boolean)).toMatchObject([
      { id: optIn?.id, type: 'opt_in', status: 'withdrawn' },
      { type: 'opt_out', status: 'completed' },
    ]);
    expect(expectsIn(changed)).toBeUndefined();
    const stored = await rb.rights.requests.get(userId, optIn?.id as string);
    expect(stored?.audit.at(-1)).toMatchObject({ to: 'withdrawn', actor: 'user', note: 'replaced by another request of the user' });
    expect(await rb.rights.suppression.get('email', email)).toBeDefined();
    expect(await rb.rights.consents.isGranted(userId, 'marketing_phone')).toBe(false);
    // No code is awaited any more: a bare six-digit number now is removed like any pasted code.
    expect(said(await chat.say('483920'))).toContain('I removed a one-time code from your message');
  });
});

// Never asked to stop, marketing emails were on (isOn): the yes is recorded, and not told as a change.
describe('opting in with no email address on file', () => {
  /** Says `ask` and yes as a web chat user with nothing on file; returns the chat and the request id. */
  async function optInWithNothingOnFile(name: string, ask = 'subscribe me to your newsletter') {
    const userId = `webchat:${name}`;
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: name });
    await chat.say(ask);
    const asked = await chat.say('yes');
    // Asked for an address to prove, not for "the address we have on file", which there is none of.
    expect(expectsIn(asked)).toBe('email');
    expect(said(asked)).not.toContain('on file for you?');
    expect(said(asked)).toContain('I need an email address for you');
    return { chat, userId, requestId: receiptIn(asked)?.id as string };
  }

  it('asks for the address, mails the code to it, and once the code is typed switches marketing email on and puts the address on file', async () => {
    const { chat, userId, requestId } = await optInWithNothingOnFile('nora');
    const before = rb.smtp.mails.length;
    const sent = await chat.say('nora.new@example.com');
    expect(said(sent)).toContain("I've sent a code to n***@example.com. It becomes your address on file once you type that code here");
    expect(expectsIn(sent)).toBe('otp');
    const mail = await rb.smtp.waitFor('nora.new@example.com', { after: before });
    const done = await chat.say(/verification code is (\d{6})/.exec(mail.raw)?.[1] as string);
    expect(said(done)).toContain("I've noted your yes. These were on already, as you had never asked us to stop them:\n• marketing emails");
    expect(receiptIn(done)).toMatchObject({ id: requestId, type: 'opt_in', status: 'completed' });
    expect(await rb.rights.consents.isGranted(userId, 'marketing_email')).toBe(true);
    expect((await rb.rights.profiles.get(userId))?.fields.email?.value).toBe('nora.new@example.com');
    expect((await rb.rights.requests.get(userId, requestId))?.verifiedBy).toBe('email code');
  });

  // It started the email guides ("my email stopped sending"?): said to us, it is what we send.
  it('"start sending me emails again" is an opt-in, not an email problem', async () => {
    const { requestId } = await optInWithNothingOnFile('stan', 'start sending me emails again');
    expect(requestId).toBeDefined();
  });

  it('a typo in the address: "wrong email" at the code question asks for it again, and the code sent to the right one works', async () => {
    const { chat, userId } = await optInWithNothingOnFile('tyler', 'you can email me offers again');
    await chat.say('tyler@exmaple.com');
    const again = await chat.say('oops wrong email');
    expect(expectsIn(again)).toBe('email');
    const before = rb.smtp.mails.length;
    await chat.say('tyler@example.com');
    const mail = await rb.smtp.waitFor('tyler@example.com', { after: before });
    const done = await chat.say(/verification code is (\d{6})/.exec(mail.raw)?.[1] as string);
    expect(said(done)).toContain("I've noted your yes. These were on already, as you had never asked us to stop them:\n• marketing emails");
    expect((await rb.rights.profiles.get(userId))?.fields.email?.value).toBe('tyler@example.com');
  });

  it('wrong codes until locked: told plainly that nothing was switched on, nothing is, and the request and the export say it was closed unverified', async () => {
    const { chat, userId, requestId } = await optInWithNothingOnFile('wanda');
    await chat.say('wanda@example.com');
    await chat.say('000000');
    await chat.say('000001');
    const locked = await chat.say('000002');
    expect(said(locked)).toContain("I haven't switched anything on");
    expect(receiptIn(locked)).toMatchObject({ id: requestId, type: 'opt_in', status: 'denied' });
    expect(await rb.rights.consents.isGranted(userId, 'marketing_email')).toBe(false);
    expect((await rb.rights.profiles.get(userId))?.fields.email).toBeUndefined();
    const exported = await rb.rights.exporter.export([userId]);
    expect(JSON.stringify(exported)).toContain(requestId);
    expect(JSON.stringify(exported)).toContain('identity not verified (locked)');
  });

  it('a signed-in Teams user with no email on file is asked for one too, and proves it by the code sent there', async () => {
    const aadObjectId = '6f1c0b6e-0000-4000-8000-00000n0email';
    const chat = rb.bot.conversation({ channelId: 'msteams', userId: '29:noemail', aadObjectId });
    await chat.say('opt me back in to your newsletter');
    const asked = await chat.say('yes');
    expect(said(asked)).toContain('I need an email address for you');
    const before = rb.smtp.mails.length;
    await chat.say('ned.teams@example.com');
    const mail = await rb.smtp.waitFor('ned.teams@example.com', { after: before });
    const done = await chat.say(/verification code is (\d{6})/.exec(mail.raw)?.[1] as string);
    expect(said(done)).toContain("I've noted your yes. These were on already, as you had never asked us to stop them:\n• marketing emails");
    expect((await rb.rights.profiles.get(`aad:${aadObjectId}`))?.fields.email?.value).toBe('ned.teams@example.com');
  });

  it('"i don\'t have an email address", then "cancel": told the address is needed, not that it is malformed; the request is closed with a receipt and nothing is switched on', async () => {
    const { chat, userId, requestId } = await optInWithNothingOnFile('carl');
    const none = said(await chat.say("i don't have an email address"));
    expect(none).not.toContain("doesn't look like an email address");
    expect(none).toContain("This one can't be skipped: I need your email address");
    const stopped = await chat.say('cancel');
    expect(receiptIn(stopped)).toMatchObject({ id: requestId, status: 'withdrawn' });
    expect(said(stopped)).toContain(`I've closed request ${requestId}`);
    expect(await rb.rights.consents.isGranted(userId, 'marketing_email')).toBe(false);
  });
});
