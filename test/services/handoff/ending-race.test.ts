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
