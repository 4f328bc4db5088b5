import { HandoffAuditLog } from '../../../src/services/handoff/audit-log';
import { TechnicianSessions } from '../../../src/services/handoff/technician-sessions';
import { LostAnswerStore } from '../../support/lost-answer-store';
import { memoryStore } from '../../support/memory-store';

// Records written create-only under a key with a random part only their writer knows: when the
// store's answer is lost and its retry meets the write that landed, the write counts as done.
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
});
