import { loadPolicy } from '../../../../src/config';
import type { Mailer } from '../../../../src/services/mail/mailer';
import { createRightsServices, formatSuppression } from '../../../../src/services/privacy/requests';
import { addressHash } from '../../../../src/services/privacy/requests/email-index';
import { asksNotToRecord, asksToOptIn, asksToStopContact, isExplicitOptIn, phoneException, readPurposes, saysAlreadyOptedOut, takesBackOptOut } from '../../../../src/services/privacy/requests/purposes';
import { SuppressionList } from '../../../../src/services/privacy/requests/suppression-list';
import type { ContainerName } from '../../../../src/services/storage/containers';
import { CountingStore } from '../../../../src/services/storage/counting-store';
import { ForwardingStore } from '../../../../src/services/storage/forwarding-store';
import type { PutOptions, StoredRecord } from '../../../../src/services/storage/store';
import { memoryStore } from '../../../support/memory-store';

const policy = loadPolicy('content/helpline.config.yaml');
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };

function setup() {
  const { store, clock } = memoryStore();
  return { store, clock, rights: createRightsServices({ store, policy, mailer: noMail, now: clock.now }) };
}

describe('readPurposes: what a request to stop is about, from one message', () => {
  it.each([
    ['stop sending me offers', ['marketing_email', 'marketing_phone'], 'opt_out'],
    ['unsubscribe', ['marketing_email'], 'opt_out'],
    ['please unsubscribe me from your newsletter', ['marketing_email'], 'opt_out'],
    ['stop texting me', ['marketing_phone'], 'opt_out'],
    ['no more sales calls please', ['marketing_phone'], 'opt_out'],
    ["don't share my data", ['third_party_sharing'], 'opt_out'],
    ["don't sell my info to partners", ['third_party_sharing'], 'opt_out'],
    ["please don't record this chat", ['transcript_recording'], 'opt_out'],
    ["don't record my calls", ['transcript_recording'], 'opt_out'],
    // This chat not to be kept, in other words than "record": they stopped nothing.
    ['pls dont save this convo', ['transcript_recording'], 'opt_out'],
    ['i dont want this conversation saved', ['transcript_recording'], 'opt_out'],
    ['dont keep a copy of this chat', ['transcript_recording'], 'opt_out'],
    ['can u not store my messages', ['transcript_recording'], 'opt_out'],
    ['I object to marketing', ['marketing_email', 'marketing_phone'], 'objection'],
    ['I object to you using my diagnostics', ['diagnostics'], 'objection'],
    ['I withdraw my consent for recording', ['transcript_recording'], 'withdraw_consent'],
    ['revoke my consent to share data with third parties', ['third_party_sharing'], 'withdraw_consent'],
    ['stop emailing me promotions and stop sharing my data', ['marketing_email', 'third_party_sharing'], 'opt_out'],
    ['opt out', [], 'opt_out'],
    ['opt me out of everything', ['marketing_email', 'marketing_phone', 'third_party_sharing'], 'opt_out'],
    // "Unsubscribe" names the emails, but "from everything" stops more than them.
    ['unsubscribe me from everything', ['marketing_email', 'marketing_phone', 'third_party_sharing'], 'opt_out'],
    ['stop emailing me, stop everything', ['marketing_email', 'marketing_phone', 'third_party_sharing'], 'opt_out'],
    ['unsubscribe me from everything, calls are fine', ['marketing_email', 'third_party_sharing'], 'opt_out'],
    // Deleting everything is a data request, not more to stop.
    ['stop emailing me and delete everything', ['marketing_email'], 'opt_out'],
    // Spam is our marketing email, unless calls or texts are named.
    ['STOP SPAMMING ME YOU IDIOTS', ['marketing_email'], 'opt_out'],
    ['no more spam please', ['marketing_email'], 'opt_out'],
    ['stop the spam calls', ['marketing_phone'], 'opt_out'],
    // A key word with its last letter left off.
    ['dont shar my data', ['third_party_sharing'], 'opt_out'],
    ['pls stop emai me', ['marketing_email'], 'opt_out'],
  ])('%s', (text, purposes, kind) => {
    expect(readPurposes(text)).toEqual({ purposes, kind });
  });
});

// During a live handoff no dialog hears the user: the recording middleware applied only "record" words.
describe('asksNotToRecord: this chat not to be kept', () => {
  it.each(["don't record this chat", 'pls dont save this convo', 'i dont want this conversation saved', 'dont keep a copy of this chat', 'can u not store my messages'])(
    '%j asks it',
    (text) => expect(asksNotToRecord(text)).toBe(true),
  );

  it.each(['i dont know how to save my messages', 'my phone does not save my messages', 'you can record this chat again'])('%j does not', (text) =>
    expect(asksNotToRecord(text)).toBe(false),
  );
});

describe('asksToStopContact: a complaint about our marketing contact, whatever the router made of it', () => {
  it.each(['i keep getting texts from you stop it', 'you guys keep emailing me', 'stop spamming me', 'enough calls from you already', "I don't want any more emails from you"])(
    '"%s" is one',
    (text) => expect(asksToStopContact(text)).toBe(true),
  );

  // Asked as a question, but after saying they already asked us to stop: the opt-out again.
  it.each(['why do you keep emailing me?? i unsubscribed already', "why am I still getting texts from you? I've opted out"])(
    '"%s", a question from someone who already opted out, is one',
    (text) => {
      expect(asksToStopContact(text)).toBe(true);
      expect(saysAlreadyOptedOut(text)).toBe(true);
    },
  );

  // The company by the first word of its configured name, as the router reads it: "from brightside" was no one's.
  it.each(['stop the texts from brightside', 'i keep getting texts from brightside'])('"%s" is one, with the company named Brightside Tech Support', (text) => {
    expect(asksToStopContact(text, 'Brightside Tech Support')).toBe(true);
    expect(asksToStopContact(text, 'Acme Support')).toBe(false);
  });

  // Without "from": the company named as the sender, or what it sends. Both got the phone's texts or "not something I can help with".
  it.each(['brightside keeps texting me', 'how do i stop brightside texts', "stop brightside's emails"])('"%s" is one, with the company named Brightside Tech Support', (text) => {
    expect(asksToStopContact(text, 'Brightside Tech Support')).toBe(true);
    expect(asksToStopContact(text, 'Acme Support')).toBe(false);
  });

  // Asking how to stop our own contact asks us to stop it.
  it.each(['how do i stop your texts', 'how can i stop your emails'])('"%s" is one', (text) => expect(asksToStopContact(text)).toBe(true));

  // A polite request is a request: "can you ..." read as a question left it to the router.
  it.each(['can you stop emailing me', 'could you stop texting me please'])('"%s", asked politely, is one', (text) => expect(asksToStopContact(text)).toBe(true));

  it.each([
    'can you help me stop spam calls on my phone', // their phone, not our calls
    "I'm getting error messages from your app", // from "your app", and not what we send
    'my email app keeps crashing', // the app, not emails
    'why am I getting emails from you?', // a question: answered, not acted on
    'how do i stop spam texts', // someone else's texts, the phone's problem
    'your emails keep going to my spam folder', // not directed at stopping them
  ])('"%s" is not', (text) => expect(asksToStopContact(text)).toBe(false));
});

describe('takesBackOptOut: a change of mind right after an opt-out', () => {
  it.each(['actually no keep sending them', 'no wait, keep sending them', 'i changed my mind', 'undo that', "actually don't stop them", 'keep emailing me', 'actually please email me offers again'])('"%s" takes it back', (text) =>
    expect(takesBackOptOut(text)).toBe(true),
  );
  it.each(['i changed my mind, stop texting me too', 'stop texting me', 'ok thanks', 'no', 'my printer is offline'])('"%s" does not', (text) => expect(takesBackOptOut(text)).toBe(false));
});

describe('OptOutService', () => {
  it('switches the purposes off at once, in the consent ledger, tied to the address on file, with a completed request', async () => {
    const { rights } = setup();
    await rights.profiles.setFields('webchat:u', { email: 'ann@example.com', phone: '+14155552671' }, 'contact dialog');
    const result = await rights.optOuts.apply({ userId: 'webchat:u', conversationId: 'c1', channel: 'webchat', purposes: ['marketing_email', 'marketing_phone'], source: 'opt-out dialog' });
    expect(result.changed).toEqual(['marketing_email', 'marketing_phone']);
    expect(result.suppressed.map((s) => [s.channel, s.address])).toEqual([
      ['email', 'ann@example.com'],
      ['phone', '+14155552671'],
    ]);
    expect(result.request).toMatchObject({ type: 'opt_out', status: 'completed', dueDate: '2026-04-30' });
    const current = await rights.consents.current('webchat:u');
    expect(current.marketing_email).toMatchObject({ granted: false, channel: 'webchat', conversationId: 'c1' });
    expect(current.marketing_email?.source).toContain(result.request.id);
    expect(await rights.consents.isGranted('webchat:u', 'marketing_phone')).toBe(false);
  });

  it('says what was already off instead of recording it twice, and keeps the first opt-out date', async () => {
    const { rights, clock } = setup();
    await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'bo@example.com' }, source: 'opt-out dialog' });
    const first = (await rights.suppression.get('email', 'bo@example.com'))?.since;
    clock.advance(86400_000);
    const again = await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email', 'third_party_sharing'], addresses: { email: 'BO@example.com' }, source: 'opt-out dialog' });
    expect(again.changed).toEqual(['third_party_sharing']);
    expect(again.alreadyOff.map((a) => a.purpose)).toEqual(['marketing_email']);
    expect((await rights.consents.history('u')).filter((r) => r.purpose === 'marketing_email')).toHaveLength(1);
    expect(again.suppressed[0].since).toBe(first);
    expect(await rights.suppression.list()).toHaveLength(1);
  });

  it('a recording opt-out stops transcript persistence for the conversation', async () => {
    const { rights } = setup();
    await rights.transcripts.appendTurn('c1', [{ from: 'user', text: 'my printer jams', timestamp: '2026-03-31T12:00:00Z' }]);
    await rights.optOuts.apply({ userId: 'u', conversationId: 'c1', channel: 'webchat', purposes: ['transcript_recording'], source: 'opt-out dialog' });
    expect(await rights.transcripts.append('c1', { from: 'technician', text: 'hello', timestamp: '2026-03-31T12:05:00Z' })).toBe(false);
    expect(await rights.transcripts.list('c1')).toHaveLength(1);
  });
});

// Never decided, marketing, sharing and recording are on (the policies send offers until asked to
// stop), and remote access is off: the opt-out and the opt-in read it alike (isOn).
describe('a choice never made, as the opt-out and the opt-in read it', () => {
  async function verifiedOptIn(rights: ReturnType<typeof setup>['rights'], userId: string) {
    const created = await rights.requests.create({ userId, type: 'opt_in', channel: 'webchat', actor: 'user' });
    return rights.requests.transition(userId, created.id, 'verified', 'user', { verifiedBy: 'email code', subjects: [userId] });
  }

  it('a yes to marketing never decided changes nothing, and is recorded as the user\'s own choice', async () => {
    const { rights } = setup();
    const result = await rights.optIns.apply({ request: await verifiedOptIn(rights, 'u'), purposes: ['marketing_email', 'third_party_sharing'], channel: 'webchat', source: 'opt-in dialog' });
    expect(result.changed).toEqual([]);
    expect(result.confirmed).toEqual(['marketing_email', 'third_party_sharing']);
    expect(result.alreadyOn).toEqual([]);
    expect(await rights.consents.isGranted('u', 'marketing_email')).toBe(true);
  });

  it('a yes after a no switches it back on; a second yes is already on', async () => {
    const { rights } = setup();
    await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email'], source: 'opt-out dialog' });
    const back = await rights.optIns.apply({ request: await verifiedOptIn(rights, 'u'), purposes: ['marketing_email'], channel: 'webchat', source: 'opt-in dialog' });
    expect(back).toMatchObject({ changed: ['marketing_email'], confirmed: [], alreadyOn: [] });
    const again = await rights.optIns.apply({ request: await verifiedOptIn(rights, 'u'), purposes: ['marketing_email'], channel: 'webchat', source: 'opt-in dialog' });
    expect(again).toMatchObject({ changed: [], confirmed: [], alreadyOn: ['marketing_email'] });
  });

  it('a no to remote access never agreed to is recorded, and was already off', async () => {
    const { rights } = setup();
    const result = await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['remote_access', 'marketing_phone'], source: 'opt-out dialog' });
    expect(result.changed).toEqual(['marketing_phone']);
    expect(result.alreadyOff).toEqual([{ purpose: 'remote_access' }]);
    expect((await rights.consents.current('u')).remote_access?.granted).toBe(false);
  });
});

describe('an address stored later, by any route, for an account that opted out (P7)', () => {
  it('goes on the suppression list, recorded in the opt-out that put it there, so an opt-in may lift the phone again', async () => {
    const { rights } = setup();
    // Nothing on file at the opt-out: nothing to suppress yet.
    const { request } = await rights.optOuts.apply({ userId: 'webchat:u', channel: 'webchat', purposes: ['marketing_email', 'marketing_phone'], source: 'opt-out dialog' });
    expect(await rights.suppression.list()).toEqual([]);

    // Given at a handoff's contact question, a day later.
    await rights.profiles.setFields('webchat:u', { email: 'later@example.org', phone: '+14155550123' }, 'contact dialog');

    expect((await rights.suppression.list()).map((e) => [e.channel, e.address])).toEqual(
      expect.arrayContaining([
        ['email', 'later@example.org'],
        ['phone', '+14155550123'],
      ]),
    );
    const recorded = (await rights.requests.get('webchat:u', request.id))?.details.suppressed;
    expect(recorded).toEqual([
      expect.objectContaining({ channel: 'email', address: 'later@example.org', added: true }),
      expect.objectContaining({ channel: 'phone', address: '+14155550123', added: true }),
    ]);
  });

  it('only on the channel opted out of, and nothing for an account that did not opt out', async () => {
    const { rights } = setup();
    await rights.optOuts.apply({ userId: 'webchat:u', channel: 'webchat', purposes: ['marketing_email'], source: 'opt-out dialog' });
    await rights.profiles.setFields('webchat:u', { email: 'out@example.org', phone: '+14155550123' }, 'technician');
    await rights.profiles.setFields('webchat:other', { email: 'in@example.org' }, 'contact dialog');
    expect((await rights.suppression.list()).map((e) => e.address)).toEqual(['out@example.org']);
  });

  it("the opt-out's own address question records the address once, as this request's", async () => {
    const { rights } = setup();
    const { request } = await rights.optOuts.apply({ userId: 'webchat:u', channel: 'webchat', purposes: ['marketing_phone'], source: 'opt-out dialog' });
    // The dialog stores the answer (contact dialog), then ties it to the request.
    await rights.profiles.setFields('webchat:u', { phone: '+14155550123' }, 'contact dialog');
    const added = await rights.optOuts.addAddresses((await rights.requests.get('webchat:u', request.id))!, { phone: '+14155550123' });
    expect(added).toEqual([expect.objectContaining({ channel: 'phone', address: '+14155550123', added: true })]);
    expect((await rights.requests.get('webchat:u', request.id))?.details.suppressed).toEqual(added);
  });
});

describe('the marketing suppression list export', () => {
  it('lists every suppressed address with channel and date, as JSON lines or CSV', async () => {
    const { rights, clock } = setup();
    await rights.optOuts.apply({ userId: 'a', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'ann@example.com' }, source: 'opt-out dialog' });
    clock.advance(1000);
    await rights.optOuts.apply({ userId: 'b', channel: 'webchat', purposes: ['marketing_phone'], addresses: { phone: '+14155552671' }, source: 'opt-out dialog' });
    clock.advance(1000);
    await rights.optOuts.apply({ userId: 'c', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: '=cmd@example.com' }, source: 'opt-out dialog' });
    const rows = await rights.suppression.rows();
    expect(formatSuppression(rows, 'jsonl').split('\n').map((l) => JSON.parse(l))).toEqual([
      { address: 'ann@example.com', channel: 'email', since: '2026-03-31T12:00:00.000Z' },
      { address: '+14155552671', channel: 'phone', since: '2026-03-31T12:00:01.000Z' },
      { address: '=cmd@example.com', channel: 'email', since: '2026-03-31T12:00:02.000Z' },
    ]);
    expect(formatSuppression(rows, 'csv').split('\n')).toEqual([
      'address,channel,since',
      'ann@example.com,email,2026-03-31T12:00:00.000Z',
      '+14155552671,phone,2026-03-31T12:00:01.000Z',
      `"'=cmd@example.com",email,2026-03-31T12:00:02.000Z`,
    ]);
  });
});

/** Keeps the address of every put, in order, to see which records a step writes and when. */
class PutLog extends ForwardingStore {
  puts: { container: ContainerName; partition: string; key: string }[] = [];

  override put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    this.puts.push({ container, partition, key });
    return super.put(container, partition, key, value, options);
  }
}

describe('OptOutService: one receipt, stored once', () => {
  function loggedSetup() {
    const { store, clock } = memoryStore();
    const log = new PutLog(store);
    return { log, clock, rights: createRightsServices({ store: log, policy, mailer: noMail, now: clock.now }) };
  }
  const requestPuts = (log: PutLog) => log.puts.filter((p) => p.container === 'users' && p.key.startsWith('request/'));

  it('writes the request exactly once, completed, after the consents and the suppression list', async () => {
    const { rights, log } = loggedSetup();
    await rights.profiles.setFields('webchat:u', { email: 'ann@example.com', phone: '+14155552671' }, 'contact dialog');
    log.puts = [];
    const result = await rights.optOuts.apply({ userId: 'webchat:u', conversationId: 'c1', channel: 'webchat', purposes: ['marketing_email', 'marketing_phone', 'third_party_sharing'], source: 'opt-out dialog' });

    expect(requestPuts(log)).toEqual([{ container: 'users', partition: 'webchat:u', key: `request/${result.request.id}` }]);
    expect(log.puts.filter((p) => p.container === 'ledger' && p.partition === 'requests')).toEqual([{ container: 'ledger', partition: 'requests', key: result.request.id }]);
    // The receipt comes last: the effects (3 consent records, 2 suppressed addresses) are stored before it.
    const receiptAt = log.puts.findIndex((p) => p.key.startsWith('request/'));
    expect(log.puts.slice(0, receiptAt).filter((p) => p.partition === 'suppression')).toHaveLength(2);
    expect(log.puts.slice(0, receiptAt).filter((p) => p.container === 'users')).toHaveLength(3);
    expect(log.puts.slice(receiptAt + 1)).toEqual([{ container: 'ledger', partition: 'requests', key: result.request.id }]);
  });

  it('shows the request completed, with both audit steps and what it changed, in the list and the data export', async () => {
    const { rights } = loggedSetup();
    const result = await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'bo@example.com' }, source: 'opt-out dialog' });
    const listed = await rights.requests.list('u');
    expect(listed).toEqual([result.request]);
    expect(listed[0].status).toBe('completed');
    expect(listed[0].audit.map((a) => [a.from, a.to, a.actor])).toEqual([
      [null, 'received', 'opt-out dialog'],
      ['received', 'completed', 'opt-out dialog'],
    ]);
    expect(listed[0].details).toMatchObject({ purposes: ['marketing_email'], changed: ['marketing_email'], alreadyOff: [], suppressed: [{ channel: 'email', address: 'bo@example.com' }] });
    const exported = await rights.exporter.export(['u']);
    expect(exported.accounts[0].requests).toEqual([result.request]);
    expect(await rights.requests.listOpen()).toEqual([]);
  });

  it('gives a receipt, stored once, even when everything asked for was already off', async () => {
    const { rights, log } = loggedSetup();
    await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'bo@example.com' }, source: 'opt-out dialog' });
    log.puts = [];
    const again = await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'bo@example.com' }, source: 'opt-out dialog' });
    expect(again.changed).toEqual([]);
    expect(again.request.status).toBe('completed');
    expect(requestPuts(log)).toHaveLength(1);
    expect((await rights.requests.list('u')).map((r) => r.status)).toEqual(['completed', 'completed']);
  });
});

describe('SuppressionList.add', () => {
  function suppressionSetup() {
    const { store, clock } = memoryStore();
    const counting = new CountingStore(store);
    return { counting, clock, list: new SuppressionList(counting, clock.now) };
  }

  it('adds a new address with one create-only write and no read first', async () => {
    const { list, counting } = suppressionSetup();
    const result = await list.add('email', ' ann@example.com ');
    expect(result).toEqual({ added: true, entry: { channel: 'email', address: 'ann@example.com', addressHash: addressHash('ann@example.com'), since: '2026-03-31T12:00:00.000Z' } });
    expect(counting.snapshot()).toMatchObject({ get: 0, query: 0, put: 1 });
    expect(await list.get('email', 'ann@example.com')).toEqual(result.entry);
  });

  it('keeps the original date for an address already on the list, and says it was not added', async () => {
    const { list, clock } = suppressionSetup();
    await list.add('email', 'ann@example.com');
    clock.advance(86400_000);
    const again = await list.add('email', 'ANN@Example.com');
    expect(again).toEqual({ added: false, entry: { channel: 'email', address: 'ann@example.com', addressHash: addressHash('ann@example.com'), since: '2026-03-31T12:00:00.000Z' } });
    expect(await list.list()).toEqual([again.entry]);
  });

  it('keeps one address per channel: the same address for phone is a separate entry', async () => {
    const { list } = suppressionSetup();
    await list.add('email', 'x@example.com');
    await expect(list.add('phone', 'x@example.com')).resolves.toMatchObject({ added: true });
    expect(await list.list()).toHaveLength(2);
  });

  it('after erasure anonymised the entry, adding the address again returns the anonymised entry and does not store the address again', async () => {
    const { list, clock } = suppressionSetup();
    await list.add('email', 'ann@example.com');
    await expect(list.anonymise('email', 'ann@example.com')).resolves.toBe(true);
    clock.advance(86400_000);
    const again = await list.add('email', 'ann@example.com');
    expect(again).toEqual({ added: false, entry: { channel: 'email', addressHash: addressHash('ann@example.com'), since: '2026-03-31T12:00:00.000Z' } });
    expect(await list.get('email', 'ann@example.com')).toEqual(again.entry);
    expect(await list.rows()).toEqual([{ address: `sha256:${addressHash('ann@example.com')}`, channel: 'email', since: '2026-03-31T12:00:00.000Z' }]);
  });
});

describe('asking to opt back in', () => {
  it.each(['opt me back in to marketing emails', 'please sign me up again', 'I want to subscribe to your newsletter', 'ok you can record it again', 'you can share my data with partners again', 'resubscribe me', 'turn marketing emails back on', "I'd like to receive your offers", 'actually I want your newsletter again'])(
    '"%s" asks to opt in',
    (text) => expect(asksToOptIn(text)).toBe(true),
  );
  it.each(['stop emailing me', 'I never signed up for this, stop emailing me', "i didn't subscribe to this", 'unsubscribe me', 'opt me out of marketing', "don't record this chat", 'you can stop calling me now'])(
    '"%s" does not',
    (text) => expect(asksToOptIn(text)).toBe(false),
  );
  // A slip in a key word must not turn an opt-in into the opt-out its other words describe.
  it.each(['opt me bak in to the newsleter', 'you can emial me offers agian', 'ok you can recrod it agian'])('"%s", typed with slips, still asks to opt in', (text) => {
    expect(asksToOptIn(text)).toBe(true);
    expect(isExplicitOptIn(text)).toBe(true);
  });
  it.each(['stpo emialing me', 'unsubscirbe me'])('"%s", typed with slips, does not', (text) => expect(asksToOptIn(text)).toBe(false));
  // Asking for our mail in plain words: read as an opt-out (the router's reading) it switched marketing off.
  it.each(['please email me deals', 'i want your emails', 'can you send me your newsletter', 'can i get your promotional emails again', 'send me your offers please', "i'd like your newsletter"])(
    '"%s" asks to opt in',
    (text) => expect(asksToOptIn(text)).toBe(true),
  );
  it.each(["i don't want your emails", 'stop sending me deals', 'please stop emailing me deals', 'why do you keep sending me your newsletter, stop'])('"%s" still does not', (text) =>
    expect(asksToOptIn(text)).toBe(false),
  );
});

describe('calls and texts named with the other as an exception', () => {
  it.each([
    ['stop texting me but calls are fine', { stop: 'texts', keep: 'calls' }],
    ['stop calling me, you can still text me', { stop: 'calls', keep: 'texts' }],
    ['stop texting me except for calls', { stop: 'texts', keep: 'calls' }],
  ])('"%s" names one and keeps the other', (text, expected) => {
    expect(phoneException(text)).toEqual(expected);
    expect(readPurposes(text).purposes).toEqual(['marketing_phone']);
  });
  it.each(['stop texting and calling me', 'no more calls or texts please', 'stop texting me'])('"%s" does not', (text) => expect(phoneException(text)).toBeUndefined());
  it('a channel named only as the exception is not stopped: "stop emailing me but texts are fine"', () => {
    expect(readPurposes('stop emailing me but texts are fine').purposes).toEqual(['marketing_email']);
  });
});

describe('isExplicitOptIn: an opt-in whatever the router made of it', () => {
  it.each(['start recording my chats again', 'resubscribe me', 'you can share my data with partners again', 'opt me back in to your newsletter'])('"%s" is one', (text) =>
    expect(isExplicitOptIn(text)).toBe(true),
  );
  // Everyday words for letting us record again, which were read as a data request beside an opt-out.
  it.each(['record again please', 'ok you can record now', 'please record my chats', 'you can record this chat again'])('"%s" is one', (text) =>
    expect(isExplicitOptIn(text)).toBe(true),
  );
  // "subscribe me" was out of scope, "start sending me emails again" the email guides.
  it.each(['subscribe me', 'please subscribe me again', 'start sending me emails again', 'resume emailing me again'])('"%s" is one', (text) =>
    expect(isExplicitOptIn(text)).toBe(true),
  );
  it.each(['can you call me back', 'sign me up for the annual plan', 'subscribe me to the annual plan', 'start sending me invoices', 'my email stopped sending again', 'stop emailing me', 'please record my tv show', 'my dvr wont record again'])('"%s" is not', (text) =>
    expect(isExplicitOptIn(text)).toBe(false),
  );
});

describe('SuppressionList.lift', () => {
  it('takes an address off the list (also one kept only as a hash after erasure), and a new opt-out puts it back with a new date', async () => {
    const { store, clock } = memoryStore();
    const list = new SuppressionList(store, clock.now);
    await list.add('email', 'ann@example.com');
    await list.anonymise('email', 'ann@example.com');
    await expect(list.lift('email', 'ANN@example.com ')).resolves.toBe(true);
    expect(await list.rows()).toEqual([]);
    clock.advance(1000);
    expect((await list.add('email', 'ann@example.com')).entry.since).toBe('2026-03-31T12:00:01.000Z');
  });

  it('leaves an entry that an opt-out re-made between the read and the delete (another instance)', async () => {
    const { store, clock } = memoryStore();
    const list = new SuppressionList(store, clock.now);
    await list.add('phone', '+14155550100');
    // The delete meets a newer entry than the one read: it must not remove that opt-out.
    const racing = new SuppressionList(
      Object.assign(Object.create(store), {
        get: async (...args: Parameters<typeof store.get>) => {
          const read = await store.get(...args);
          await store.put('ledger', 'suppression', args[2], { ...(read?.value as object), since: '2026-03-31T12:00:05.000Z' });
          return read;
        },
      }),
      clock.now,
    );
    await expect(racing.lift('phone', '+14155550100')).resolves.toBe(false);
    expect(await list.get('phone', '+14155550100')).toMatchObject({ since: '2026-03-31T12:00:05.000Z' });
  });
});
