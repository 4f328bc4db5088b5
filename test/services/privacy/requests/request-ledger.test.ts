import { RequestLedger } from '../../../../src/services/privacy/requests/request-ledger';
import { canTransition, InvalidTransitionError, REQUEST_STATUSES, type RequestStatus } from '../../../../src/services/privacy/requests/request-record';
import { CountingStore } from '../../../../src/services/storage/counting-store';
import { ConflictError } from '../../../../src/services/storage/store';
import { memoryStore } from '../../../support/memory-store';

const START = Date.parse('2026-03-31T12:00:00Z');

function setup() {
  const { store, clock } = memoryStore(START);
  const ledger = new RequestLedger(store, { now: clock.now, dueDays: 30, retentionDays: 2555 });
  return { store, clock, ledger };
}

describe('RequestLedger: the request state machine', () => {
  it('walks received -> identity_pending -> verified -> completed with an audit entry (time, actor) per step', async () => {
    const { ledger, clock } = setup();
    const created = await ledger.create({ userId: 'webchat:u1', type: 'access', channel: 'webchat', conversationId: 'c1', actor: 'user' });
    expect(created).toMatchObject({ status: 'received', dueDate: '2026-04-30', receivedAt: '2026-03-31T12:00:00.000Z' });
    expect(created.id).toMatch(/^PR-[2-9A-HJ-NP-Z]{8}$/);
    clock.advance(60_000);
    await ledger.transition('webchat:u1', created.id, 'identity_pending', 'bot', { note: 'code offered' });
    clock.advance(60_000);
    await ledger.transition('webchat:u1', created.id, 'verified', 'user', { verifiedBy: 'email code', subjects: ['webchat:u1'] });
    clock.advance(60_000);
    const done = await ledger.transition('webchat:u1', created.id, 'completed', 'bot');
    expect(done.status).toBe('completed');
    expect(done.verifiedBy).toBe('email code');
    expect(done.audit).toEqual([
      { at: '2026-03-31T12:00:00.000Z', from: null, to: 'received', actor: 'user' },
      { at: '2026-03-31T12:01:00.000Z', from: 'received', to: 'identity_pending', actor: 'bot', note: 'code offered' },
      { at: '2026-03-31T12:02:00.000Z', from: 'identity_pending', to: 'verified', actor: 'user' },
      { at: '2026-03-31T12:03:00.000Z', from: 'verified', to: 'completed', actor: 'bot' },
    ]);
    expect(await ledger.get('webchat:u1', created.id)).toEqual(done);
  });

  it('refuses to complete an access, correction or deletion request that was never verified', async () => {
    const { ledger } = setup();
    for (const type of ['access', 'correction', 'deletion'] as const) {
      const r = await ledger.create({ userId: 'u', type, channel: 'webchat', actor: 'user' });
      await expect(ledger.transition('u', r.id, 'completed', 'bot')).rejects.toThrow(InvalidTransitionError);
      await expect(ledger.transition('u', r.id, 'completed', 'bot')).rejects.toThrow(/identity is not verified/);
      await ledger.transition('u', r.id, 'identity_pending', 'bot');
      await expect(ledger.transition('u', r.id, 'completed', 'bot')).rejects.toThrow(InvalidTransitionError);
      expect((await ledger.get('u', r.id))?.status).toBe('identity_pending');
    }
  });

  it('lets opt-outs, objections and withdrawals complete at once (no verification needed to say no)', async () => {
    const { ledger } = setup();
    for (const type of ['opt_out', 'objection', 'withdraw_consent'] as const) {
      const r = await ledger.create({ userId: 'u', type, channel: 'webchat', actor: 'user' });
      expect((await ledger.transition('u', r.id, 'completed', 'opt-out dialog')).status).toBe('completed');
    }
  });

  it.each(['denied', 'withdrawn'] as const)('treats %s (like completed and expired) as final', async (status) => {
    const { ledger } = setup();
    const r = await ledger.create({ userId: 'u', type: 'deletion', channel: 'webchat', actor: 'user' });
    await ledger.transition('u', r.id, status, 'bot');
    for (const to of REQUEST_STATUSES) await expect(ledger.transition('u', r.id, to, 'bot')).rejects.toThrow(InvalidTransitionError);
  });

  it('allows exactly the documented transitions', () => {
    const allowed: Record<RequestStatus, RequestStatus[]> = {
      received: ['identity_pending', 'verified', 'withdrawn', 'denied', 'expired'],
      identity_pending: ['verified', 'withdrawn', 'denied', 'expired'],
      verified: ['completed', 'withdrawn', 'denied', 'expired'],
      completed: [],
      withdrawn: [],
      denied: [],
      expired: [],
    };
    for (const from of REQUEST_STATUSES) {
      for (const to of REQUEST_STATUSES) expect([from, to, canTransition('access', from, to)]).toEqual([from, to, allowed[from].includes(to)]);
    }
  });

  it('lists open requests across users by deadline, optionally only those due within N days', async () => {
    const { ledger, clock } = setup();
    const early = await ledger.create({ userId: 'a', type: 'access', channel: 'webchat', actor: 'user' });
    clock.advance(20 * 86400_000);
    const late = await ledger.create({ userId: 'b', type: 'deletion', channel: 'msteams', actor: 'user' });
    const closed = await ledger.create({ userId: 'c', type: 'opt_out', channel: 'webchat', actor: 'user' });
    await ledger.transition('c', closed.id, 'completed', 'bot');
    expect((await ledger.listOpen()).map((e) => e.id)).toEqual([early.id, late.id]);
    // Now 2026-04-20: the first is due 2026-04-30 (10 days), the second 2026-05-20.
    expect((await ledger.listOpen({ dueWithinDays: 15 })).map((e) => [e.id, e.userId, e.dueDate])).toEqual([[early.id, 'a', '2026-04-30']]);
  });

  it('expires requests still waiting for identity after their due date, and says so in the audit trail', async () => {
    const { ledger, clock } = setup();
    const waiting = await ledger.create({ userId: 'a', type: 'access', channel: 'webchat', actor: 'user' });
    await ledger.transition('a', waiting.id, 'identity_pending', 'bot');
    const verified = await ledger.create({ userId: 'b', type: 'access', channel: 'msteams', actor: 'user' });
    await ledger.transition('b', verified.id, 'verified', 'msteams sign-in');
    clock.advance(31 * 86400_000);
    const expired = await ledger.expireOverdue();
    expect(expired.map((r) => r.id)).toEqual([waiting.id]);
    expect(expired[0].audit.at(-1)).toMatchObject({ to: 'expired', actor: 'system' });
    // A verified request past its deadline is the company's to finish: still listed, not expired.
    expect((await ledger.listOpen()).map((e) => e.id)).toEqual([verified.id]);
  });

  it('supersede() closes the same user\'s unfinished requests of the same type as replaced, and leaves other types, users and one-chat deletions open', async () => {
    const { ledger } = setup();
    const left = await ledger.create({ userId: 'a', type: 'deletion', channel: 'webchat', conversationId: 'c1', actor: 'user' });
    await ledger.transition('a', left.id, 'verified', 'user');
    const access = await ledger.create({ userId: 'a', type: 'access', channel: 'webchat', conversationId: 'c1', actor: 'user' });
    const chatOnly = await ledger.create({ userId: 'a', type: 'deletion', channel: 'webchat', conversationId: 'c1', actor: 'user', details: { scope: 'conversation' } });
    const otherUser = await ledger.create({ userId: 'b', type: 'deletion', channel: 'webchat', actor: 'user' });
    const again = await ledger.create({ userId: 'a', type: 'deletion', channel: 'webchat', conversationId: 'c2', actor: 'user' });

    const closed = await ledger.supersede(again);
    expect(closed.map((r) => [r.id, r.status])).toEqual([[left.id, 'withdrawn']]);
    expect(closed[0].audit.at(-1)).toMatchObject({ from: 'verified', to: 'withdrawn', actor: 'user', note: `replaced by ${again.id}, asked again` });
    expect((await ledger.listOpen()).map((e) => e.id).sort()).toEqual([access.id, chatOnly.id, otherUser.id, again.id].sort());
  });

  it('minimises requests after erasure: details go, id, type, dates and audit trail stay', async () => {
    const { ledger } = setup();
    const r = await ledger.create({ userId: 'u', type: 'opt_out', channel: 'webchat', conversationId: 'conv-9', actor: 'user', details: { suppressed: [{ channel: 'email', address: 'ann@example.com' }] } });
    await ledger.minimise('u');
    const kept = await ledger.get('u', r.id);
    expect(kept?.details).toEqual({});
    expect(kept?.conversationId).toBeUndefined();
    expect(kept).toMatchObject({ id: r.id, type: 'opt_out', dueDate: r.dueDate, audit: r.audit });
    expect(kept?.minimisedAt).toBeDefined();
  });
});

describe('RequestLedger: requests carried out in the same step (draft, then recordCompleted)', () => {
  const input = { userId: 'webchat:u1', type: 'opt_out' as const, channel: 'webchat', conversationId: 'c1', actor: 'opt-out dialog', details: { purposes: ['marketing_email'] } };

  it('draft() gives the request its id, receipt time and due date but stores nothing', async () => {
    const { store, ledger } = setup();
    const counting = new CountingStore(store);
    const draft = new RequestLedger(counting, { now: () => START, dueDays: 30, retentionDays: 2555 }).draft(input);
    expect(draft).toMatchObject({ type: 'opt_out', status: 'received', userId: 'webchat:u1', receivedAt: '2026-03-31T12:00:00.000Z', dueDate: '2026-04-30', details: { purposes: ['marketing_email'] } });
    expect(draft.id).toMatch(/^PR-[2-9A-HJ-NP-Z]{8}$/);
    expect(counting.snapshot().writes).toBe(0);
    expect(await store.query('users', 'webchat:u1')).toEqual([]);
    expect(await store.query('ledger', 'requests')).toEqual([]);
    await expect(ledger.get('webchat:u1', draft.id)).resolves.toBeUndefined();
    await expect(ledger.find(draft.id)).resolves.toBeUndefined();
  });

  it('recordCompleted stores one record whose audit says received then completed, and an index entry marked completed', async () => {
    const { store, ledger, clock } = setup();
    const draft = ledger.draft(input);
    clock.advance(2_000); // the effects take a moment
    const counting = new CountingStore(store);
    const done = await new RequestLedger(counting, { now: clock.now, dueDays: 30, retentionDays: 2555 }).recordCompleted(draft, 'opt-out dialog', { changed: ['marketing_email'] });
    expect(counting.snapshot()).toMatchObject({ put: 2, writes: 2 }); // the request once, its index line once

    expect(done).toMatchObject({ id: draft.id, status: 'completed', receivedAt: '2026-03-31T12:00:00.000Z', dueDate: '2026-04-30' });
    expect(done.details).toEqual({ purposes: ['marketing_email'], changed: ['marketing_email'] });
    expect(done.audit).toEqual([
      { at: '2026-03-31T12:00:00.000Z', from: null, to: 'received', actor: 'opt-out dialog' },
      { at: '2026-03-31T12:00:02.000Z', from: 'received', to: 'completed', actor: 'opt-out dialog' },
    ]);
    const stored = await store.query('users', 'webchat:u1', { keyPrefix: 'request/' });
    expect(stored).toHaveLength(1);
    expect(stored[0].value).toEqual(done);
    expect(stored[0].expiresAt).toBe(clock.now() + 2555 * 86400_000);

    const index = await store.get('ledger', 'requests', draft.id);
    expect(index?.value).toEqual({ id: draft.id, userId: 'webchat:u1', type: 'opt_out', status: 'completed', receivedAt: '2026-03-31T12:00:00.000Z', dueDate: '2026-04-30' });
    await expect(ledger.find(draft.id)).resolves.toEqual(done);
    expect(await ledger.listOpen()).toEqual([]);
    expect(await ledger.list('webchat:u1')).toEqual([done]);
  });

  it('refuses to record a request that needs identity verification as completed, and stores nothing', async () => {
    const { store, ledger } = setup();
    const draft = ledger.draft({ ...input, type: 'deletion' });
    await expect(ledger.recordCompleted(draft, 'bot')).rejects.toThrow(InvalidTransitionError);
    expect(await store.query('users', 'webchat:u1')).toEqual([]);
    expect(await store.query('ledger', 'requests')).toEqual([]);
  });

  it('does not store the same drafted request twice', async () => {
    const { ledger } = setup();
    const draft = ledger.draft(input);
    const first = await ledger.recordCompleted(draft, 'opt-out dialog', { changed: ['marketing_email'] });
    await expect(ledger.recordCompleted(draft, 'opt-out dialog', { changed: [] })).rejects.toBeInstanceOf(ConflictError);
    expect(await ledger.list('webchat:u1')).toEqual([first]);
  });
});
