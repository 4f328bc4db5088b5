import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HandoffError } from '../../../src/services/handoff/handoff-record';
import { HandoffLifecycle } from '../../../src/services/handoff/handoff-lifecycle';
import { HandoffQueue, type NewHandoff } from '../../../src/services/handoff/handoff-queue';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { memoryStore } from '../../support/memory-store';

const tina = { technicianId: 't-tina', name: 'Tina' };

const request = (conversationId: string, extra: Partial<NewHandoff> = {}): NewHandoff => ({
  conversationId,
  userId: 'directline:jane',
  kind: 'live',
  priority: 'normal',
  reason: 'Asked for a technician',
  device: 'printer',
  contactFields: ['name', 'email'],
  recordingOff: false,
  ...extra,
});

/** Runs `work` after `ticks` turns of the event loop. */
async function lagged<T>(ticks: number, work: () => Promise<T>): Promise<T> {
  for (let i = 0; i < ticks; i++) await new Promise((r) => setImmediate(r));
  return work();
}

function setup() {
  const { store, clock } = memoryStore();
  const queue = new HandoffQueue(store, { now: clock.now });
  return { store, clock, queue, lifecycle: new HandoffLifecycle(queue) };
}

describe('a waiting live handoff moving to the chat the user writes from now', () => {
  it('keeps its place; the new chat links it and the old one no longer does', async () => {
    const { queue, lifecycle, clock } = setup();
    const ahead = (await queue.create(request('other', { userId: 'directline:someone' }))).handoff;
    clock.advance(1000);
    const { handoff } = await queue.create(request('old'));
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
    const { handoff } = await queue.create(request('a'));
    await lifecycle.moveWaiting(handoff.id, 'b');
    const back = await lifecycle.moveWaiting(handoff.id, 'a');
    expect(back).toMatchObject({ state: 'moved', handoff: { conversationId: 'a', movedFrom: ['b'] } });
    expect(await queue.activeFor('b')).toBeUndefined();
    expect(await queue.activeFor('a')).toMatchObject({ id: handoff.id });
  });

  it('a claimed one stays where the technician is', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request('old'));
    await lifecycle.claim(handoff.id, tina);
    expect(await lifecycle.moveWaiting(handoff.id, 'new')).toMatchObject({ state: 'taken', handoff: { conversationId: 'old', assignedTo: tina } });
    expect((await queue.owners.get('new')).value).toEqual({ owner: 'bot' });
    expect((await queue.owners.get('old')).value).toEqual({ owner: tina, handoffId: handoff.id });
  });

  it('a link left behind in the old chat reads as none: stopping to wait there cannot end the moved ticket', async () => {
    const { queue, lifecycle } = setup();
    const { handoff } = await queue.create(request('old'));
    const linkedBefore = await queue.owners.get('old');
    await lifecycle.moveWaiting(handoff.id, 'new');
    // As a claim that lost to the move restores the snapshot it started from.
    await queue.owners.replace('old', await queue.owners.get('old'), linkedBefore.value);
    expect(await queue.activeFor('old')).toBeUndefined();
    await expect(lifecycle.cancel('old')).resolves.toEqual({ state: 'none' });
    expect(await queue.activeFor('new')).toMatchObject({ id: handoff.id, status: 'waiting' });
    // Nor does asking for a technician there return the ticket that moved away.
    expect((await queue.create(request('old'))).created).toBe(true);
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
        const { handoff } = await q1.create(request(from));
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
