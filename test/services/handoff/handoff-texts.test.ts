import type { HandoffRecord, HandoffTeam } from '../../../src/services/handoff/handoff-record';
import {
  alreadyQueuedMessage,
  asksAboutFollowUp,
  asksAboutTheWait,
  asksForTicketNumber,
  assignedMessage,
  followUpMessage,
  followUpStatusMessage,
  hubCompletedMessage,
  longWaitMessage,
  queuedMessage,
  refusesFollowUp,
  unavailableWhileWaitingMessage,
} from '../../../src/services/handoff/handoff-texts';
import { checkAvailability } from '../../../src/services/handoff/availability';
import type { BusinessHours } from '../../../src/services/handoff/business-hours';
import { unavailableText } from '../../../src/dialogs/handoff/follow-up-offer';

const record = (team: HandoffTeam | undefined, kind: HandoffRecord['kind'] = 'live'): HandoffRecord => ({
  id: 'T-7KX2M9QD4P', conversationId: 'conv-1', userId: 'directline:jo', status: 'waiting', kind, priority: 'normal', reason: 'Refund request',
  device: 'none', contactFields: ['email'], recordingOff: false, createdAt: '2026-11-18T15:00:00.000Z', ...(team ? { team } : {}),
});

// Every handoff message that names who picks the ticket up: a billing ticket's user was told "our
// billing team", and must not hear of a technician later (the 15-minute notice, a hub's ending).
const NAMING: [string, (h: HandoffRecord) => string][] = [
  ['queued', (h) => queuedMessage(h, 2, 600).text],
  ['the long wait', (h) => longWaitMessage(h, 1, 300).text],
  ['asked where they stand after a long wait', (h) => alreadyQueuedMessage(h, 1, 300, { waitedSeconds: 40 * 60 }).text],
  ['nobody signed in while they wait', (h) => unavailableWhileWaitingMessage(h, 1, 300, { available: false, reason: 'nobody_online', hours: 'Mon-Fri 08:00-20:00' }).text],
  ['asked where they stand with nobody signed in', (h) => alreadyQueuedMessage(h, 1, 300, { unavailable: { available: false, reason: 'nobody_online', hours: 'Mon-Fri 08:00-20:00' } }).text],
  ['someone joined', (h) => assignedMessage(h, 'Tina').text],
  ['an agent hub finished', (h) => hubCompletedMessage(h).text],
  ['a callback opened', (h) => followUpMessage({ ...h, kind: 'callback' }, undefined).text],
  ['an email ticket asked after', (h) => followUpStatusMessage({ ...h, kind: 'email' }, undefined).text],
];

describe('who the user is told picks their ticket up', () => {
  it.each(NAMING)('%s: our billing team for a billing ticket, never a technician', (_what, text) => {
    const said = text(record('billing'));
    expect(said).toMatch(/billing team/);
    expect(said).not.toMatch(/technician/i);
  });

  it.each(NAMING)('%s: a technician otherwise', (_what, text) => {
    expect(text(record(undefined))).toMatch(/technician/);
    expect(text(record('technicians'))).not.toMatch(/billing/);
  });

  it('reads as a sentence for either team', () => {
    expect(longWaitMessage(record('billing'), 1, 300).text).toMatch(/^Sorry this is taking so long: everyone in our billing team is busy right now\. You keep your place/);
    expect(longWaitMessage(record(undefined), 1, 300).text).toMatch(/^Sorry this is taking so long: our technicians are all busy right now\. You keep your place/);
    expect(hubCompletedMessage(record('billing')).text).toBe("The person from our billing team has finished the conversation, and you're back with me. What else can I help with?");
    expect(hubCompletedMessage(record(undefined)).text).toBe("The technician has finished the conversation, and you're back with me. What else can I help with?");
  });
});

describe('a question about a callback or email ticket', () => {
  it.each(['hi did anyone look at my ticket', 'has anyone checked my ticket', 'hello, any update on my callback?', 'any news?', 'any updates on my case?', 'did anyone look at my refund request'])('%j asks after the ticket', (text) => {
    expect(asksAboutFollowUp(text)).toBe(true);
  });

  it.each(['hi', 'any news on my data request', 'can you look at my printer'])('%j does not', (text) => {
    expect(asksAboutFollowUp(text)).toBe(false);
  });
});

describe('a question about the ticket number', () => {
  it.each(['whats my ticket number', "what's my ticket #", 'hi, what is my reference number?', 'can i have my case number', 'ticket id?', 'do i have a ticket?', 'did you open a ticket'])('%j asks for it', (text) => {
    expect(asksForTicketNumber(text)).toBe(true);
  });

  it.each(['my ticket', 'the ticket machine at the station is broken', 'what is my phone number', 'i want to open a ticket'])('%j does not', (text) => {
    expect(asksForTicketNumber(text)).toBe(false);
  });
});

describe('a question about the wait', () => {
  it.each(['how long will this take', 'hw long will it take?', 'how long is it going to take', 'is a technician coming', 'is someone from billing coming?', 'is anyone on their way', 'wheres my technician', 'hw long will the tech take', 'is the technician coming today?', 'hmm how long will that take', 'ok so how long?', 'um, how long', 'well, any update?', 'this is taking forever', "it's taking ages", 'hurry up please', 'how lonh', 'hw lomg now?'])('%j asks about it', (text) => {
    expect(asksAboutTheWait(text)).toBe(true);
  });

  it.each(['how long does the battery last', 'is the printer coming back online', 'how long will the update take', 'hmm', 'so', 'hmm how long does the battery last', 'the update is taking forever', 'my laptop is taking ages to boot', 'how lonely is it'])('%j does not', (text) => {
    expect(asksAboutTheWait(text)).toBe(false);
  });
});

// With no day open (`days: {}`) the offer said "Our billing team works no regular hours, and we're outside those hours right now."
describe('no business hours configured', () => {
  it.each([
    ['billing', 'Nobody from our billing team is available right now.'],
    [undefined, 'None of our technicians is available right now.'],
  ] as const)('the follow-up offer of %s says nobody is available right now', async (team, said) => {
    const a = await checkAvailability({ hours: { timeZone: 'America/New_York', days: {} }, now: () => Date.parse('2026-11-18T15:00:00Z'), onlineCount: async () => 1 });
    if (a.available) throw new Error('expected closed');
    const text = unavailableText(a, team);
    expect(text).toMatch(new RegExp(`^${said} So I can't connect you with a person at the moment\\.`));
    expect(text).not.toMatch(/regular hours|outside those hours/);
  });
});

// A call back or an email promised "during business hours" named no hours, closed or open, and
// promised hours there are not with none configured (`days: {}`).
describe('when a call back or an email comes', () => {
  const SHIPPED: BusinessHours = {
    timeZone: 'America/New_York',
    days: { mon: ['08:00', '20:00'], tue: ['08:00', '20:00'], wed: ['08:00', '20:00'], thu: ['08:00', '20:00'], fri: ['08:00', '20:00'], sat: ['10:00', '16:00'] },
  };
  const when = (hours: BusinessHours, iso: string, online = 1) => checkAvailability({ hours, now: () => Date.parse(iso), onlineCount: async () => online });
  const callback = record('billing', 'callback');

  it.each([
    ['Sunday noon', '2026-11-22T17:00:00Z', 'tomorrow from 08:00, when we open again'],
    ['Saturday evening', '2026-11-21T23:00:00Z', 'on Monday from 08:00, when we open again'],
    ['Friday night', '2026-11-21T02:00:00Z', 'tomorrow from 10:00, when we open again'],
    ['Wednesday 06:00', '2026-11-18T11:00:00Z', 'today from 08:00, when we open again'],
  ])('closed (%s), the next opening', async (_when, iso, said) => {
    const text = followUpMessage(callback, await when(SHIPPED, iso)).text;
    expect(text).toBe(`Done: I've opened ticket T-7KX2M9QD4P. Someone from our billing team will call you back on the number you gave ${said}.`);
  });

  it('open with nobody signed in, or open, the hours', async () => {
    const hours = 'as soon as they can during our opening hours, Mon–Fri 08:00–20:00, Sat 10:00–16:00 (America/New York time).';
    expect(followUpMessage(callback, await when(SHIPPED, '2026-11-18T15:00:00Z', 0)).text).toBe(`Done: I've opened ticket T-7KX2M9QD4P. Someone from our billing team will call you back on the number you gave ${hours}`);
    expect(followUpStatusMessage(callback, await when(SHIPPED, '2026-11-18T15:00:00Z')).text).toContain(`on the number you gave ${hours} Say "cancel my callback"`);
  });

  it('no hours configured (days: {}), no hours promised', async () => {
    const a = await when({ timeZone: 'America/New_York', days: {} }, '2026-11-18T15:00:00Z');
    expect(followUpMessage(callback, a).text).toBe("Done: I've opened ticket T-7KX2M9QD4P. Someone from our billing team will call you back on the number you gave as soon as they can.");
    expect(followUpStatusMessage(callback, a).text).not.toMatch(/business hours|opening hours/);
  });
});

describe('refusesFollowUp', () => {
  it.each([
    ['callback', 'just cancel it please i dont want a call'],
    ['callback', "i don't need a phone call"],
    ['email', 'i dont want an email'],
  ] as const)('%s is refused by %j', (kind, text) => {
    expect(refusesFollowUp(kind, text)).toBe(true);
  });

  it.each([
    ['callback', 'i dont mind a call'],
    ['callback', 'a call is fine'],
    ['email', 'i want an email'],
  ] as const)('%s is not refused by %j', (kind, text) => {
    expect(refusesFollowUp(kind, text)).toBe(false);
  });
});
