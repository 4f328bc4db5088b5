import { HandoffMessageLog } from '../../../../src/services/handoff/message-log';
import type { HandoffRecord } from '../../../../src/services/handoff/handoff-record';
import type { RightsServices } from '../../../../src/services/privacy/requests';
import type { Store } from '../../../../src/services/storage/store';
import { conversationStateKey } from '../../../../src/services/privacy/requests/user-data';

/** One person's data, with values distinctive enough to find byte by byte in the store's files. */
export interface Person {
  userId: string;
  name: string;
  email: string;
  phone: string;
  street: string;
  city: string;
  serial: string;
  model: string;
  problem: string;
  said: string;
  conversationId: string;
  handoffConversationId: string;
}

export const ADA: Person = {
  userId: 'webchat:ada-7f3a',
  name: 'Zebulon Quackenbush',
  email: 'zebulon.quackenbush@example.org',
  phone: '+14155550123',
  street: '742 Evergreen Terrace',
  city: 'Shelbyville',
  serial: 'SNZQ998877',
  model: 'Frobnicator 9000',
  problem: 'frobnicator smokes near the aquarium',
  said: 'my neighbour Ignatius Wobblebottom borrowed it',
  conversationId: 'conv-ada-1',
  handoffConversationId: 'conv-ada-2',
};

export const BOB: Person = {
  userId: 'webchat:bob-22c1',
  name: 'Bartholomew Fennimore',
  email: 'bartholomew.fennimore@example.net',
  phone: '+14155550999',
  street: '1 Infinite Loop',
  city: 'Ogdenville',
  serial: 'SNBF112233',
  model: 'Widgetron 3',
  problem: 'widgetron hums at night',
  said: 'my cousin Peregrine Thistlewood set it up',
  conversationId: 'conv-bob-1',
  handoffConversationId: 'conv-bob-2',
};

/** The values erasure must make unreadable. */
export const valuesOf = (p: Person) => [p.name, p.email, p.phone, p.street, p.city, p.serial, p.model, p.problem, p.said];

/**
 * Writes everything the app can hold about a person, through the services where they exist and
 * as the other features store it otherwise (Direct Line log, conversation reference, owner record,
 * bot state, handoff tickets and their messages).
 */
export async function seedPerson(store: Store, rights: RightsServices, p: Person): Promise<void> {
  const meta = { conversationId: p.conversationId };
  await rights.profiles.setFields(p.userId, { name: p.name, email: p.email, phone: p.phone, address: { street: p.street, city: p.city, region: 'IL', postcode: '62565', country: 'US' } }, 'contact dialog', meta);
  await rights.profiles.addDevice(p.userId, { model: p.model, serial: p.serial, purchaseDate: '2025-03' }, 'device dialog', meta);
  await rights.consents.record({ userId: p.userId, conversationId: p.conversationId, purpose: 'transcript_recording', granted: true, noticeVersion: '2026-11-01', channel: 'webchat', source: 'recording notice' });
  await rights.optOuts.apply({ userId: p.userId, conversationId: p.conversationId, channel: 'webchat', purposes: ['marketing_email'], source: 'opt-out dialog' });
  const opened = await rights.cases.open({ userId: p.userId, conversationId: p.conversationId, device: 'printer', problem: p.problem, flowId: 'printer-offline' });
  await rights.cases.update(p.userId, opened.id, (c) => {
    c.stepsTried.push({ stepId: 'restart', text: 'Restart the printer', outcome: 'did not help' });
  });
  await rights.transcripts.appendTurn(p.conversationId, [
    { from: 'user', text: p.problem, timestamp: '2026-03-31T12:00:00.000Z' },
    { from: 'bot', text: 'Let us try a restart.', timestamp: '2026-03-31T12:00:01.000Z' },
  ]);
  // The Direct Line log keeps what the user typed (minus secrets): personal data included.
  await store.put('conversations', p.conversationId, 'directline-conversation', { userId: p.userId.split(':')[1], userName: p.name, createdAt: '2026-03-31T11:59:00.000Z' });
  await store.put('conversations', p.conversationId, 'directline-activity:0000000001', {
    activity: { id: `${p.conversationId}|0000001`, type: 'message', text: `Hi, I'm ${p.name}, ${p.said}` },
    writer: 'seed',
  });
  await store.put('conversations', p.conversationId, 'reference', { user: { id: p.userId, name: p.name }, conversation: { id: p.conversationId } });
  await store.put('conversations', p.handoffConversationId, 'owner', { owner: 'bot' });
  const stateKey = conversationStateKey('webchat', p.conversationId); // the key botbuilder's ConversationState uses
  await store.put('botstate', stateKey, stateKey, {
    conversationData: { noticesShown: { contact: '2026-11-01' } },
    dialogState: { dialogStack: [{ id: 'contactInfo', state: { values: { email: p.email, street: p.street } } }] },
  });
  await store.put('users', p.userId, 'notices', { contact: { version: '2026-11-01', at: '2026-03-31T12:00:00.000Z' } });

  const repo = rights.data.deps.handoffs;
  const base: HandoffRecord = {
    id: `h-${p.userId}`,
    conversationId: p.handoffConversationId,
    userId: p.userId,
    status: 'waiting',
    kind: 'live',
    priority: 'normal',
    reason: `${p.name} needs help at ${p.street}`,
    summary: p.problem,
    device: 'printer',
    caseId: opened.id,
    contactFields: ['name', 'email'],
    recordingOff: false,
    createdAt: '2026-03-31T12:01:00.000Z',
    teamsThread: '19:alerts@thread.tacv2;messageid=1711886460000',
  };
  await repo.createActive(base);
  const ended = await repo.createActive({ ...base, id: `h2-${p.userId}` });
  await repo.finish({ ...ended.value, status: 'ended', outcome: 'resolved', resolution: `Told ${p.name} to call ${p.phone}`, endedAt: '2026-03-31T12:30:00.000Z' }, ended.eTag);
  await new HandoffMessageLog(store).append(base, `${p.said}; call me on ${p.phone}`);

  const access = await rights.requests.create({ userId: p.userId, type: 'access', channel: 'webchat', conversationId: p.conversationId, actor: 'user' });
  await rights.requests.transition(p.userId, access.id, 'identity_pending', 'bot');
  await rights.requests.transition(p.userId, access.id, 'verified', 'user', { verifiedBy: 'email code', subjects: [p.userId] });
  await rights.requests.transition(p.userId, access.id, 'completed', 'bot');
}
