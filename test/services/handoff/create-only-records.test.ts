import { HandoffAuditLog } from '../../../src/services/handoff/audit-log';
import { HandoffQueue } from '../../../src/services/handoff/handoff-queue';
import { TechnicianAccounts } from '../../../src/services/handoff/technician-accounts';
import { TechnicianSessions } from '../../../src/services/handoff/technician-sessions';
import { LostAnswerStore } from '../../support/lost-answer-store';
import { memoryStore } from '../../support/memory-store';

// Records written create-only with a random part only their writer knows (in the key, or for an
// account in the value): when the store's answer is lost and its retry meets the write that
// landed, the write counts as done.
describe('create-only handoff records after a lost answer', () => {
  it('an audit entry is recorded once and the action goes on', async () => {
    const { store, clock } = memoryStore();
    const lossy = new LostAnswerStore(store);
    const audit = new HandoffAuditLog(lossy, clock.now);
    lossy.loseNext = true;
    const entry = await audit.record({ handoffId: 'h-1', action: 'reveal', technician: { technicianId: 't-1', name: 'Sam' }, field: 'email' });
    expect(await audit.list('h-1')).toEqual([entry]);
  });

  it('a sign-in whose session landed gives a token that works', async () => {
    const { store, clock } = memoryStore();
    const lossy = new LostAnswerStore(store);
    const sessions = new TechnicianSessions(lossy, { now: clock.now });
    lossy.loseNext = true;
    const { token } = await sessions.create({ id: 't-1', username: 'sam', name: 'Sam', roles: ['technician'] });
    await expect(sessions.authenticate(token)).resolves.toMatchObject({ technicianId: 't-1', username: 'sam' });
  });

  it('a handoff whose record landed is queued once, and asking again finds it', async () => {
    const { store, clock } = memoryStore();
    const lossy = new LostAnswerStore(store);
    const queue = new HandoffQueue(lossy, { now: clock.now });
    lossy.loseNext = true;
    lossy.loseKeyPrefix = 'active/'; // the handoff record, not the owner link written before it
    const request = { conversationId: 'conv-1', userId: 'u-1', kind: 'live' as const, priority: 'normal' as const, reason: 'Asked for a technician', device: 'printer', contactFields: [], recordingOff: false };
    const first = await queue.create(request);
    expect(lossy.loseNext).toBe(false); // the loss did happen
    expect(first).toMatchObject({ created: true, place: { position: 1 } });
    expect((await queue.list()).map((h) => h.id)).toEqual([first.handoff.id]);
    expect(await queue.create(request)).toMatchObject({ created: false, handoff: { id: first.handoff.id } });
  });

  it('an account whose record landed is created, not reported as taken', async () => {
    const { store, clock } = memoryStore();
    const lossy = new LostAnswerStore(store);
    const accounts = new TechnicianAccounts(lossy, clock.now);
    lossy.loseNext = true;
    await expect(accounts.add({ username: 'sam', password: 'correct horse battery', role: 'technician' })).resolves.toMatchObject({ username: 'sam' });
    await expect(accounts.add({ username: 'sam', password: 'another long password', role: 'technician' })).rejects.toThrow(/already exists/);
  });
});
