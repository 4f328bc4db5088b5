import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HandoffError } from '../../../src/services/handoff/handoff-record';
import { HandoffLifecycle } from '../../../src/services/handoff/handoff-lifecycle';
import { HandoffQueue, type NewHandoff } from '../../../src/services/handoff/handoff-queue';
import type { OutgoingMessage, UserNotifier } from '../../../src/services/handoff/ports';
import { QueueProgressJob } from '../../../src/services/handoff/queue-progress-job';
import { DEFAULT_PICKUP_SECONDS } from '../../../src/services/handoff/wait-estimate';
import { CountingStore } from '../../../src/services/storage/counting-store';
import { CosmosStore } from '../../../src/services/storage/cosmos-store';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { StoreUnavailableError } from '../../../src/services/storage/store';
import { startCosmosServer } from '../../support/cosmos-server';
import { memoryStore } from '../../support/memory-store';

const tina = { technicianId: 't-tina', name: 'Tina' };
const omar = { technicianId: 't-omar', name: 'Omar' };

const request = (n: number, extra: Partial<NewHandoff> = {}): NewHandoff => ({
  conversationId: `conv-${n}`,
  userId: `directline:user-${n}`,
  kind: 'live',
  priority: 'normal',
  reason: 'Asked for a technician',
  device: 'printer',
  contactFields: ['name', 'email'],
  recordingOff: false,
  ...extra,
});

/** A notifier that keeps what it sends; while `answering` says so for a conversation, it holds nudges back as BotNotifier does. */
function recordingNotifier(answering: (conversationId: string) => boolean = () => false) {
  const sent: { conversationId: string; message: OutgoingMessage }[] = [];
  const notifier: UserNotifier = {
    send: async (conversationId, message) => void sent.push({ conversationId, message }),
    nudge: async (conversationId, message, claim) => {
      if (answering(conversationId)) return 'later';
      if (!(await claim())) return 'taken';
      sent.push({ conversationId, message });
      return 'sent';
    },
  };
  return { sent, notifier };
}

function setup() {
  const { store, clock } = memoryStore();
  const queue = new HandoffQueue(store, { now: clock.now });
  return { store, clock, queue, lifecycle: new HandoffLifecycle(queue) };
}

describe('the handoff queue', () => {
  it('puts a user in line once, and asking again returns the same ticket', async () => {
    const { queue } = setup();
    const first = await queue.create(request(1));
    const again = await queue.create(request(1));
    expect(first.created).toBe(true);
    expect(again).toEqual({ handoff: first.handoff, created: false });
    expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', handoffId: first.handoff.id });
    expect(await queue.placeOf(first.handoff.id)).toMatchObject({ position: 1, etaSeconds: DEFAULT_PICKUP_SECONDS });
  });

  it('serves high priority (security reports) first, then first come first served', async () => {
    const { queue, clock } = setup();
    const a = (await queue.create(request(1))).handoff;
    clock.advance(1000);
    const b = (await queue.create(request(2))).handoff;
    clock.advance(1000);
    const urgent = (await queue.create(request(3, { priority: 'high', reason: 'Security report' }))).handoff;
    const line = await queue.waitingLine();
    expect(line.map((p) => [p.handoff.id, p.position])).toEqual([
      [urgent.id, 1],
      [a.id, 2],
      [b.id, 3],
    ]);
    // The API lists oldest first regardless of priority.
    expect((await queue.list('waiting')).map((h) => h.id)).toEqual([a.id, b.id, urgent.id]);
  });

  it('tells a new ticket the place it then has in the line, with security reports, tickets made at the same moment and tickets that wait for no chat', async () => {
    const { queue, lifecycle, clock } = setup();
    let n = 0;
    /** Queues a live request and checks the place it was told against the line as it then stands. */
    const queued = async (priority: NewHandoff['priority'], advanceMs = 1000) => {
      clock.advance(advanceMs);
      const { handoff, place } = await queue.create(request(++n, { priority }));
      const line = (await queue.waitingLine()).map((p) => p.handoff.id);
      expect(place?.position).toBe(line.indexOf(handoff.id) + 1);
      expect(handoff.toldPosition).toBe(place?.position);
      return { id: handoff.id, position: place?.position };
    };
    expect((await queued('normal')).position).toBe(1); // A
    const b = await queued('high');
    expect(b.position).toBe(1); // B A
    const c = await queued('normal');
    expect(c.position).toBe(3); // B A C
    await lifecycle.claim(b.id, tina); // being helped: no longer ahead of anyone
    expect((await queued('high')).position).toBe(1); // D A C
    await queue.create(request(++n, { kind: 'email' })); // a follow-up waits for no chat
    expect((await queued('normal')).position).toBe(4); // D A C F
    expect((await queued('high', 0)).position).toBe(2); // D G A C F
    // Made in the same millisecond as G: the line orders the two by id, and so does the count.
    expect([2, 3]).toContain((await queued('high', 0)).position);
    await lifecycle.cancel(`conv-${n - 5}`); // C stops waiting
    expect((await queued('normal')).position).toBe(6); // D G H A F I
    expect([6, 7]).toContain((await queued('normal', 0)).position); // J, the same millisecond as I
    // Queued by an instance whose clock is 1.5 s behind: made before F, I and J, so ahead of them.
    expect((await queued('normal', -2500)).position).toBe(5); // D G H A K F I J
  });

  it('estimates the wait from how long recent pickups took', async () => {
    const { queue, lifecycle, clock } = setup();
    const a = (await queue.create(request(1))).handoff;
    clock.advance(120_000);
    await lifecycle.claim(a.id, tina);
    await queue.create(request(2));
    await queue.create(request(3));
    expect((await queue.waitingLine()).map((p) => p.etaSeconds)).toEqual([120, 240]);
  });

  // A chat put back when its technician's session ended waited once, for the first pickup: counted
  // again from its creation, the second claim added the first technician's chat time as a wait.
  it('counts a pickup delay once for a chat put back in the queue and claimed again', async () => {
    const { queue, lifecycle, clock } = setup();
    const a = (await queue.create(request(1))).handoff;
    clock.advance(60_000);
    await lifecycle.claim(a.id, tina);
    clock.advance(3_600_000); // Tina chats for an hour, then her session ends
    await lifecycle.requeue(a.id, tina);
    await lifecycle.claim(a.id, omar);
    expect(await queue.records.recentDelays()).toEqual([60]);
  });

  it('lets exactly one of two simultaneous claims win, and the conversation belongs to the winner', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1));
    const results = await Promise.allSettled([lifecycle.claim(handoff.id, tina), lifecycle.claim(handoff.id, omar)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(HandoffError);
    expect((lost[0].reason as HandoffError).code).toBe('conflict');
    const winner = (won[0] as PromiseFulfilledResult<{ assignedTo?: { technicianId: string } }>).value.assignedTo;
    expect((await queue.owners.get('conv-1')).value.owner).toEqual(winner);
    expect((await queue.get(handoff.id))?.assignedTo).toEqual(winner);
  });

  it('holds with two server instances sharing one SQLite file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-claim-'));
    const one = new SqliteStore({ dataDir: dir });
    const two = new SqliteStore({ dataDir: dir });
    try {
      const q1 = new HandoffQueue(one);
      const q2 = new HandoffQueue(two);
      for (let round = 0; round < 10; round++) {
        const { handoff } = await q1.create(request(100 + round));
        const results = await Promise.allSettled([new HandoffLifecycle(q1).claim(handoff.id, tina), new HandoffLifecycle(q2).claim(handoff.id, omar)]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      }
    } finally {
      await one.close();
      await two.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a second claim by the holder is harmless; anyone else is refused', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1));
    await lifecycle.claim(handoff.id, tina);
    await expect(lifecycle.claim(handoff.id, tina)).resolves.toMatchObject({ status: 'assigned' });
    await expect(lifecycle.claim(handoff.id, omar)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('resolving gives the conversation back to the bot, which then asks for a rating', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1));
    await lifecycle.claim(handoff.id, tina);
    await expect(lifecycle.resolve(handoff.id, omar, 'fixed')).rejects.toMatchObject({ code: 'not_holder' });
    const ended = await lifecycle.resolve(handoff.id, tina, 'Replaced the toner');
    expect(ended).toMatchObject({ status: 'ended', outcome: 'resolved', resolution: 'Replaced the toner' });
    expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', ratingFor: handoff.id, handedBack: true });
    expect((await queue.list('ended')).map((h) => h.id)).toEqual([handoff.id]);
    expect(await queue.list('assigned')).toEqual([]);
    await lifecycle.rate(handoff.id, 5);
    await lifecycle.clearHandBack('conv-1');
    expect((await queue.get(handoff.id))?.rating).toBe(5);
    expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot' });
    await expect(lifecycle.claim(handoff.id, omar)).rejects.toMatchObject({ code: 'ended' });
  });

  it('releasing ends the handoff with the note and the bot owns the conversation again', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1));
    await lifecycle.claim(handoff.id, tina);
    await lifecycle.release(handoff.id, tina, 'needs billing');
    expect(await queue.get(handoff.id)).toMatchObject({ status: 'ended', outcome: 'released', releaseNote: 'needs billing' });
    expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', handedBack: true });
    await lifecycle.clearHandBack('conv-1');
    expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot' });
  });

  it('a user who stops waiting leaves the queue; once a technician has claimed, the conversation is theirs', async () => {
    const { queue, lifecycle } = setup();
    const a = (await queue.create(request(1))).handoff;
    const b = (await queue.create(request(2))).handoff;
    await expect(lifecycle.cancel('conv-1')).resolves.toMatchObject({ state: 'cancelled', handoff: { id: a.id, outcome: 'cancelled' } });
    expect(await queue.placeOf(a.id)).toBeUndefined();
    expect((await queue.placeOf(b.id))?.position).toBe(1);
    await lifecycle.claim(b.id, tina);
    await expect(lifecycle.cancel('conv-2')).resolves.toEqual({ state: 'technician' });
    await expect(lifecycle.cancel('conv-9')).resolves.toEqual({ state: 'none' });
  });

  it('a store failure half-way through stopping to wait leaves nothing waiting that a retry cannot end', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1));
    // The owner record's write fails once, after the handoff itself was ended.
    const replace = queue.owners.replace.bind(queue.owners);
    jest.spyOn(queue.owners, 'replace').mockImplementationOnce(async () => {
      throw new StoreUnavailableError('injected outage');
    });
    await expect(lifecycle.cancel('conv-1')).rejects.toThrow(StoreUnavailableError);
    expect(await queue.placeOf(handoff.id)).toBeUndefined();
    expect(await queue.activeFor('conv-1')).toBeUndefined();
    jest.spyOn(queue.owners, 'replace').mockImplementation(replace);
    await expect(lifecycle.cancel('conv-1')).resolves.toEqual({ state: 'none' });
    expect((await queue.owners.get('conv-1')).value.handoffId).toBeUndefined();
    // The conversation can queue again.
    expect((await queue.create(request(1))).created).toBe(true);
  });

  it('a follow-up created with an id is written once, and withdrawing it ends it', async () => {
    const { queue, lifecycle } = setup();
    const first = await queue.create(request(1, { kind: 'callback', contactFields: ['phone'] }), { id: 'live-1-callback' });
    const again = await queue.create(request(1, { kind: 'callback', contactFields: ['phone'] }), { id: 'live-1-callback' });
    expect([first.created, again.created, again.handoff]).toEqual([true, false, first.handoff]);
    expect((await queue.list('waiting')).map((h) => h.id)).toEqual(['live-1-callback']);
    await lifecycle.withdraw('live-1-callback');
    expect(await queue.get('live-1-callback')).toMatchObject({ status: 'ended', outcome: 'cancelled' });
    await expect(queue.create(request(1), { id: 'live-2' })).rejects.toThrow(/new id/);
  });

  it('an agent hub reporting completed ends the handoff and returns the conversation to the bot', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1));
    await lifecycle.hubStatus('conv-1', 'accepted');
    expect((await queue.get(handoff.id))?.hub?.state).toBe('accepted');
    await lifecycle.hubStatus('conv-1', 'completed', 'done');
    expect(await queue.get(handoff.id)).toMatchObject({ status: 'ended', outcome: 'completed', hub: { state: 'completed', message: 'done' } });
    expect((await queue.owners.get('conv-1')).value.handoffId).toBeUndefined();
  });

  it('follow-up tickets (callback, email) wait in the same queue without taking the conversation', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request(1, { kind: 'callback', contactFields: ['phone'] }));
    expect((await queue.list('waiting')).map((h) => h.id)).toEqual([handoff.id]);
    expect(await queue.waitingLine()).toEqual([]);
    await lifecycle.claim(handoff.id, tina);
    expect((await queue.owners.get('conv-1')).value.owner).toBe('bot');
  });
});

describe('queue position updates', () => {
  it('tells each waiting user once when their place changes', async () => {
    const { queue, lifecycle, clock } = setup();
    const { sent, notifier } = recordingNotifier();
    const job = new QueueProgressJob({ queue, notifier });
    const ids: string[] = [];
    for (let n = 1; n <= 3; n++) {
      const { handoff } = await queue.create(request(n));
      ids.push(handoff.id);
      expect(handoff.toldPosition).toBe(n); // the dialog tells them this place at creation
      clock.advance(1000);
    }
    expect(await job.tick()).toBe(0);
    await lifecycle.claim(ids[0], tina);
    expect(await job.tick()).toBe(2);
    expect(sent.map((s) => [s.conversationId, s.message.handoff?.position, s.message.handoff?.state])).toEqual([
      ['conv-2', 1, 'queued'],
      ['conv-3', 2, 'queued'],
    ]);
    expect(sent[0].message.handoff).toMatchObject({ ticketId: ids[1], etaSeconds: expect.any(Number) });
    expect(await job.tick()).toBe(0);
  });
});

describe('a long wait', () => {
  it('is told once to each user still waiting after the long-wait time, with the place they keep', async () => {
    const { queue, clock } = setup();
    const { sent, notifier } = recordingNotifier();
    const job = new QueueProgressJob({ queue, notifier, longWaitSeconds: 900 });
    const first = (await queue.create(request(1))).handoff;
    clock.advance(10 * 60_000);
    await queue.create(request(2));
    expect(await job.tick()).toBe(0); // 10 minutes: not yet
    clock.advance(6 * 60_000);
    expect(await job.tick()).toBe(1); // 16 minutes for the first user, 6 for the second
    expect(sent).toEqual([{ conversationId: 'conv-1', message: { text: expect.stringMatching(/taking so long.*you.re next in line.*call me back instead.*stop waiting/s), handoff: { state: 'queued', position: 1, etaSeconds: expect.any(Number), ticketId: first.id } } }]);
    expect(await job.tick()).toBe(0);
    // Another instance's job (its own memory) does not say it again: the notice is claimed in storage.
    expect(await new QueueProgressJob({ queue, notifier, longWaitSeconds: 900 }).tick()).toBe(0);
    clock.advance(10 * 60_000);
    expect(await job.tick()).toBe(1); // now the second user
    expect(sent.map((s) => s.conversationId)).toEqual(['conv-1', 'conv-2']);
  });
});

describe('a user typing an answer to the bot', () => {
  it('is told neither the long wait nor a new place until they have answered, and then once', async () => {
    const { queue, lifecycle, clock } = setup();
    const typing = new Set(['conv-2']);
    const { sent, notifier } = recordingNotifier((conversationId) => typing.has(conversationId));
    const job = new QueueProgressJob({ queue, notifier, longWaitSeconds: 900 });
    const first = (await queue.create(request(1))).handoff;
    clock.advance(1000);
    expect((await queue.create(request(2))).handoff.toldPosition).toBe(2);
    clock.advance(16 * 60_000);
    await lifecycle.claim(first.id, tina);
    // conv-2 moved up and waited long, but is giving the number for a callback instead.
    expect(await job.tick()).toBe(0);
    expect(await job.tick()).toBe(0);
    expect(sent).toEqual([]);
    typing.delete('conv-2'); // answered, or stopped half-way and stays in line
    expect(await job.tick()).toBe(2);
    expect(sent.map((s) => [s.conversationId, s.message.text.slice(0, 20)])).toEqual([
      ['conv-2', 'Sorry this is taking'],
      ['conv-2', "Update: you're next "],
    ]);
    expect(await job.tick()).toBe(0);
  });

  it('who leaves the queue with that answer (a callback instead) is never told', async () => {
    const { queue, lifecycle, clock } = setup();
    const { sent, notifier } = recordingNotifier(() => true);
    const job = new QueueProgressJob({ queue, notifier, longWaitSeconds: 900 });
    await queue.create(request(1));
    clock.advance(16 * 60_000);
    expect(await job.tick()).toBe(0);
    await lifecycle.cancel('conv-1');
    const after = new QueueProgressJob({ queue, notifier: recordingNotifier().notifier, longWaitSeconds: 900 });
    expect(await after.tick()).toBe(0);
    expect(await job.tick()).toBe(0);
    expect(sent).toEqual([]);
  });
});

describe('queue update passes', () => {
  it('read the queue and only the stored place of handoffs whose place changed', async () => {
    const { store, clock } = memoryStore();
    const counted = new CountingStore(store);
    const queue = new HandoffQueue(counted, { now: clock.now });
    const lifecycle = new HandoffLifecycle(queue);
    const job = new QueueProgressJob({ queue, notifier: recordingNotifier().notifier });
    const ids: string[] = [];
    for (let n = 1; n <= 4; n++) {
      ids.push((await queue.create(request(n))).handoff.id);
      clock.advance(1000);
    }
    expect(await job.tick()).toBe(0); // first sight: each stored place is checked once
    counted.reset();
    expect(await job.tick()).toBe(0);
    expect(counted.snapshot()).toMatchObject({ get: 0, query: 1, writes: 0 }); // the queue only (pickup delays are remembered for a minute)
    await lifecycle.claim(ids[0], tina);
    counted.reset();
    expect(await job.tick()).toBe(3);
    expect(counted.snapshot().get).toBe(1 + 3); // the delays, and the three users who moved up
  });
});

/** One user's live request, made in the chat `conversationId`. */
const inChat = (conversationId: string, extra: Partial<NewHandoff> = {}) => request(1, { conversationId, ...extra });

/** Runs `work` after `ticks` turns of the event loop. */
async function lagged<T>(ticks: number, work: () => Promise<T>): Promise<T> {
  for (let i = 0; i < ticks; i++) await new Promise((r) => setImmediate(r));
  return work();
}

describe('a waiting live handoff moving to the chat the user writes from now', () => {
  it('keeps its place; the new chat links it and the old one no longer does', async () => {
    const { queue, lifecycle, clock } = setup();
    const ahead = (await queue.create(inChat('other', { userId: 'directline:someone' }))).handoff;
    clock.advance(1000);
    const { handoff } = await queue.create(inChat('old'));
    const result = await lifecycle.moveWaiting(handoff.id, 'new');
    expect(result).toMatchObject({ state: 'moved', handoff: { id: handoff.id, conversationId: 'new', movedFrom: ['old'], status: 'waiting' } });
    expect((await queue.owners.get('new')).value).toEqual({ owner: 'bot', handoffId: handoff.id });
    expect((await queue.owners.get('old')).value).toEqual({ owner: 'bot' });
    expect(await queue.activeFor('new')).toMatchObject({ id: handoff.id });
    expect(await queue.activeFor('old')).toBeUndefined();
    expect((await queue.waitingLine()).map((p) => [p.handoff.id, p.position])).toEqual([
      [ahead.id, 1],
      [handoff.id, 2],
    ]);
    // The technician who claims it takes the new chat.
    await lifecycle.claim(handoff.id, tina);
    expect((await queue.owners.get('new')).value.owner).toEqual(tina);
    expect((await queue.owners.get('old')).value.owner).toBe('bot');
  });

  it('goes back to the first chat if the user writes there again, each chat named once', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(inChat('a'));
    await lifecycle.moveWaiting(handoff.id, 'b');
    const back = await lifecycle.moveWaiting(handoff.id, 'a');
    expect(back).toMatchObject({ state: 'moved', handoff: { conversationId: 'a', movedFrom: ['b'] } });
    expect(await queue.activeFor('b')).toBeUndefined();
    expect(await queue.activeFor('a')).toMatchObject({ id: handoff.id });
  });

  it('a claimed one stays where the technician is', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(inChat('old'));
    await lifecycle.claim(handoff.id, tina);
    expect(await lifecycle.moveWaiting(handoff.id, 'new')).toMatchObject({ state: 'taken', handoff: { conversationId: 'old', assignedTo: tina } });
    expect((await queue.owners.get('new')).value).toEqual({ owner: 'bot' });
    expect((await queue.owners.get('old')).value).toEqual({ owner: tina, handoffId: handoff.id });
  });

  it('a link left behind in the old chat reads as none: stopping to wait there cannot end the moved ticket', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(inChat('old'));
    const linkedBefore = await queue.owners.get('old');
    await lifecycle.moveWaiting(handoff.id, 'new');
    // As a claim that lost to the move restores the snapshot it started from.
    await queue.owners.replace('old', await queue.owners.get('old'), linkedBefore.value);
    expect(await queue.activeFor('old')).toBeUndefined();
    await expect(lifecycle.cancel('old')).resolves.toEqual({ state: 'none' });
    expect(await queue.activeFor('new')).toMatchObject({ id: handoff.id, status: 'waiting' });
    // Nor does asking for a technician there return the ticket that moved away.
    expect((await queue.create(inChat('old'))).created).toBe(true);
  });

  it.each([
    ['one server', false],
    ['two server instances sharing one SQLite file', true],
  ])('with a simultaneous claim (%s): exactly one wins, and the technician lands where the ticket is', async (_name, twoInstances) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-move-'));
    const one = new SqliteStore({ dataDir: dir });
    const two = twoInstances ? new SqliteStore({ dataDir: dir }) : one;
    try {
      const q1 = new HandoffQueue(one);
      const q2 = new HandoffQueue(two);
      const outcomes = new Set<string>();
      for (let round = 0; round < 12; round++) {
        const [from, to] = [`old-${round}`, `new-${round}`];
        const { handoff } = await q1.create(inChat(from));
        // One side starts a few store calls later each round, so their reads and writes interleave differently.
        const [claimLag, moveLag] = round % 2 ? [round >> 1, 0] : [0, round >> 1];
        const [claimed, moved] = await Promise.allSettled([
          lagged(claimLag, () => new HandoffLifecycle(q1).claim(handoff.id, tina)),
          lagged(moveLag, () => new HandoffLifecycle(q2).moveWaiting(handoff.id, to)),
        ]);
        const stored = (await q1.get(handoff.id))!;
        const other = stored.conversationId === from ? to : from;
        if (claimed.status === 'fulfilled') {
          // The claim won the race (the ticket stayed) or came after the move (it claimed it where it went).
          outcomes.add(moved.status === 'fulfilled' ? moved.value.state : 'move failed');
          expect(moved).toMatchObject({ status: 'fulfilled', value: { state: stored.conversationId === from ? 'taken' : 'moved' } });
          expect(stored).toMatchObject({ status: 'assigned', assignedTo: tina });
        } else {
          outcomes.add('claim refused');
          expect((claimed.reason as HandoffError).code).toBe('conflict');
          expect(moved).toMatchObject({ status: 'fulfilled', value: { state: 'moved' } });
          expect(stored).toMatchObject({ status: 'waiting', conversationId: to });
          // The technician tries again and joins the chat the user has open.
          await new HandoffLifecycle(q1).claim(handoff.id, tina);
        }
        expect((await q1.owners.get(stored.conversationId)).value).toEqual({ owner: tina, handoffId: handoff.id });
        expect((await q1.owners.get(other)).value.owner).toBe('bot');
        expect(await q1.activeFor(other)).toBeUndefined();
      }
      // The two real races happened (the claim first, and the move first with the claim refused), or the test proved neither.
      expect([...outcomes]).toEqual(expect.arrayContaining(['taken', 'claim refused']));
    } finally {
      await one.close();
      if (twoInstances) await two.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('recording turned back on in a chat (P8)', () => {
  it("records the chat's open handoffs again, waiting or with a technician, and no other chat's", async () => {
    const { queue, lifecycle } = setup();
    const waiting = (await queue.create(inChat('here', { recordingOff: true }))).handoff;
    const elsewhere = (await queue.create(inChat('there', { userId: 'directline:other', recordingOff: true }))).handoff;
    const left = (await queue.create(inChat('before', { userId: 'directline:third', recordingOff: true }))).handoff;
    await lifecycle.moveWaiting(left.id, 'after');
    expect((await lifecycle.recordingOn('here')).map((h) => h.id)).toEqual([waiting.id]);
    expect(await queue.get(waiting.id)).toMatchObject({ recordingOff: false });
    expect(await queue.get(elsewhere.id)).toMatchObject({ recordingOff: true });
    // The ticket moved on: the chat it left has no say over it.
    expect(await lifecycle.recordingOn('before')).toEqual([]);
    expect(await queue.get(left.id)).toMatchObject({ recordingOff: true });

    const claimed = (await queue.create(inChat('live', { userId: 'directline:fourth', recordingOff: true }))).handoff;
    await lifecycle.claim(claimed.id, tina);
    await lifecycle.recordingOn('live');
    expect(await queue.get(claimed.id)).toMatchObject({ status: 'assigned', assignedTo: tina, recordingOff: false });
  });
});

// Both stores keep what the Teams channel and the technician read later: the alert's thread and the problems added.
describe.each([
  ['SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-thread-'));
    const store = new SqliteStore({ dataDir: dir });
    return { store, cleanup: async () => (await store.close(), fs.rmSync(dir, { recursive: true, force: true })) };
  }],
  ['Cosmos DB', async () => {
    const server = await startCosmosServer();
    const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database: `db-${randomUUID()}`, maxRetries: 1 });
    await store.init();
    return { store, cleanup: async () => (await store.close(), await server.close()) };
  }],
] as const)('a ticket kept in %s', (_name, open) => {
  jest.setTimeout(30_000);
  let opened: Awaited<ReturnType<typeof open>>;
  beforeEach(async () => (opened = await open()));
  afterEach(() => opened.cleanup());

  it("keeps its alert's Teams thread whoever holds it, and once it has ended", async () => {
    const queue = new HandoffQueue(opened.store);
    const { handoff } = await queue.create(request(1));
    await new HandoffLifecycle(queue).claim(handoff.id, tina);
    expect(await queue.setTeamsThread(handoff.id, '19:techs@thread.tacv2;messageid=1001')).toMatchObject({ status: 'assigned' });
    await new HandoffLifecycle(queue).resolve(handoff.id, tina, 'fixed');
    expect(await new HandoffQueue(opened.store).get(handoff.id)).toMatchObject({ status: 'ended', teamsThread: '19:techs@thread.tacv2;messageid=1001' });
    expect(await queue.setTeamsThread(handoff.id, '19:techs@thread.tacv2;messageid=2002')).toBeUndefined();
  });

  it('keeps each problem added while it waits, once, with its case and when', async () => {
    const queue = new HandoffQueue(opened.store, { now: () => Date.parse('2026-11-22T17:00:00Z') });
    const { handoff } = await queue.create(request(1, { kind: 'email', summary: 'Asked for a technician' }));
    const printer = { problem: 'Printer shows as offline', device: 'printer', caseId: 'case-2' };
    await queue.addProblem(handoff.id, 'also, asked later: Printer shows as offline (printer)', printer);
    await queue.addProblem(handoff.id, 'also, asked later: Printer shows as offline (printer)', printer);
    expect(await new HandoffQueue(opened.store).get(handoff.id)).toMatchObject({
      summary: 'Asked for a technician; also, asked later: Printer shows as offline (printer)',
      addedProblems: [{ ...printer, addedAt: '2026-11-22T17:00:00.000Z' }],
    });
  });
});
