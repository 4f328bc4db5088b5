import { HandoffLifecycle } from '../../../src/services/handoff/handoff-lifecycle';
import { HandoffQueue } from '../../../src/services/handoff/handoff-queue';
import { memoryStore } from '../../support/memory-store';

const tina = { technicianId: 't-tina', name: 'Tina' };
const sue = { technicianId: 't-sue', name: 'Sue' };

// A supervisor's release and the holder's resolve at once, interleaved so the release writes the
// owner record first and the resolve ends the handoff first. The release's owner record ("the bot
// is back", no rating asked) stayed under a resolved handoff whose user was asked for a rating:
// their "5" was then not read as one.
it('the conversation is handed back as the ending that won says, not as the loser wrote it first', async () => {
  const { store, clock } = memoryStore();
  const queue = new HandoffQueue(store, { now: clock.now });
  const lifecycle = new HandoffLifecycle(queue);
  const { handoff } = await queue.create({ conversationId: 'conv-1', userId: 'directline:user-1', kind: 'live', priority: 'normal', reason: 'Asked for a technician', device: 'printer', contactFields: [], recordingOff: false });
  await lifecycle.claim(handoff.id, tina);

  const finish = queue.records.finish.bind(queue.records);
  let letReleaseFinish!: () => void;
  const resolveFinished = new Promise<void>((resolve) => (letReleaseFinish = resolve));
  let calls = 0;
  jest.spyOn(queue.records, 'finish').mockImplementation(async (record, eTag) => {
    // The release's first try waits for the resolve to end the handoff.
    if (calls++ === 0) await resolveFinished;
    await finish(record, eTag);
  });

  const release = lifecycle.release(handoff.id, sue, 'Tina is away', true).then(
    () => 'released',
    (error: Error) => error.name,
  );
  await new Promise((r) => setTimeout(r, 20));
  await lifecycle.resolve(handoff.id, tina, 'Driver reinstalled');
  letReleaseFinish();
  expect(await release).toBe('HandoffError');

  expect((await queue.records.getEnded(handoff.id))?.value.outcome).toBe('resolved');
  expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', ratingFor: handoff.id, handedBack: true });
});

// The sweep putting back the chat of a technician whose session ended writes the owner record (back
// to the bot, still waiting) before the handoff record. A resolve landing between the two must win
// whole: the handoff ended, its rating asked, and not left waiting nor linked from the chat.
it('a resolve between the two writes of a requeue wins: ended, rating asked, nothing left waiting', async () => {
  const { store, clock } = memoryStore();
  const queue = new HandoffQueue(store, { now: clock.now });
  const lifecycle = new HandoffLifecycle(queue);
  const { handoff } = await queue.create({ conversationId: 'conv-1', userId: 'directline:user-1', kind: 'live', priority: 'normal', reason: 'Asked for a technician', device: 'printer', contactFields: [], recordingOff: false });
  await lifecycle.claim(handoff.id, tina);

  const replaceActive = queue.records.replaceActive.bind(queue.records);
  let letRequeueOn!: () => void;
  const resolved = new Promise<void>((resolve) => (letRequeueOn = resolve));
  jest.spyOn(queue.records, 'replaceActive').mockImplementation(async (record, eTag) => {
    await resolved;
    return replaceActive(record, eTag);
  });
  const requeue = lifecycle.requeue(handoff.id, tina);
  await new Promise((r) => setTimeout(r, 20));
  expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', handoffId: handoff.id }); // its first write landed
  await lifecycle.resolve(handoff.id, tina, 'Driver reinstalled');
  letRequeueOn();
  expect(await requeue).toBeUndefined();
  expect(await queue.get(handoff.id)).toMatchObject({ status: 'ended', outcome: 'resolved' });
  expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', ratingFor: handoff.id, handedBack: true });
});

it('a resolve after the requeue is refused: the chat is waiting for the next technician', async () => {
  const { store, clock } = memoryStore();
  const queue = new HandoffQueue(store, { now: clock.now });
  const lifecycle = new HandoffLifecycle(queue);
  const { handoff } = await queue.create({ conversationId: 'conv-1', userId: 'directline:user-1', kind: 'live', priority: 'normal', reason: 'Asked for a technician', device: 'printer', contactFields: [], recordingOff: false });
  await lifecycle.claim(handoff.id, tina);
  expect(await lifecycle.requeue(handoff.id, tina)).toMatchObject({ status: 'waiting' });
  await expect(lifecycle.resolve(handoff.id, tina, 'Driver reinstalled')).rejects.toMatchObject({ code: 'not_holder' });
  expect((await queue.owners.get('conv-1')).value).toEqual({ owner: 'bot', handoffId: handoff.id });
  expect(await lifecycle.requeue(handoff.id, tina)).toBeUndefined(); // once
});
