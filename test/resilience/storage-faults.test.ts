import pino from 'pino';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { TranscriptStore } from '../../src/services/privacy/transcripts';
import { CosmosStore } from '../../src/services/storage/cosmos-store';
import { SqliteStore } from '../../src/services/storage/sqlite-store';
import type { Store } from '../../src/services/storage/store';
import { createRightsServices } from '../../src/services/privacy/requests';
import { HandoffMessageLog } from '../../src/services/handoff/message-log';
import { ConversationLog } from '../../src/channels/directline/conversation-log';
import { ChannelConversation, receiptOf, stepOf, textOf, type TurnAnswer } from './support/channel';
import { startFaultyCosmos, type Fault, type FaultyCosmos } from './support/faulty-cosmos';
import { FaultyStore, type StoreOp } from './support/faulty-store';
import { removeTempDirs, tempDir } from '../support/temp-dir';

/**
 * What a user sees when storage misbehaves: throttling, an unavailable service and dropped
 * connections are retried inside the turn; a longer outage gets the bot's "please try again"
 * (never an HTTP 500 to the channel, which would make the channel retry or drop the message);
 * and a turn either lands completely (dialog state and transcript) or leaves nothing behind.
 */

const TRY_AGAIN = /please try again/i;

async function startApp(store: Store): Promise<{ app: App; url: string; transcripts: TranscriptStore }> {
  const dataDir = tempDir('helpline-faults-');
  const config = loadConfig({ HELPLINE_DATA_DIR: dataDir, PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await createApp(config, pino({ level: 'silent' }), { store });
  const port = await app.listen();
  return { app, url: `http://127.0.0.1:${port}`, transcripts: new TranscriptStore(store, { retentionDays: 90 }) };
}

/** A conversation waiting at the first step of the printer-offline flow. */
async function atFirstStep(url: string): Promise<ChannelConversation> {
  const conversation = new ChannelConversation(url, 'faults');
  const first = await conversation.say('my printer says offline');
  expect(stepOf(first)?.stepId).toBe('power-cycle');
  return conversation;
}

const userLines = async (transcripts: TranscriptStore, conversation: ChannelConversation) =>
  (await transcripts.list(conversation.conversationId)).filter((e) => e.from === 'user').map((e) => e.text);

describe('Cosmos DB throttling, outages and dropped connections', () => {
  let cosmos: FaultyCosmos;
  let running: Awaited<ReturnType<typeof startApp>>;
  const waits: number[] = [];

  beforeAll(async () => {
    cosmos = await startFaultyCosmos();
    const store = new CosmosStore({
      endpoint: cosmos.endpoint,
      key: cosmos.key,
      database: 'helpline-faults',
      agent: cosmos.agent,
      maxRetries: 3,
      // Records the waits the store asks for, and keeps the real wait short.
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 30)));
      },
    });
    await store.init();
    running = await startApp(store);
  }, 60_000);

  afterAll(async () => {
    await running?.app.close();
    await cosmos?.close();
  });

  afterEach(() => cosmos.clear());

  it.each<[string, Fault[]]>([
    ['throttling (429 with retry-after)', [429, 429, 429]],
    ['service unavailable (503)', [503, 503]],
    ['dropped connections', ['drop', 'drop']],
  ])('%s: the store retries and the user simply gets the next step', async (_name, faults) => {
    const conversation = await atFirstStep(running.url);
    waits.length = 0;
    cosmos.inject(faults, 180);
    const answer = await conversation.say('Still offline');
    expect(cosmos.pending()).toBe(0); // every fault really hit a request
    expect(answer.status).toBe(200);
    expect(stepOf(answer)?.stepId).toBe('connection-type');
    expect(textOf(answer)).not.toMatch(TRY_AGAIN);
    // Throttling is retried by the store itself, after the wait the service asked for (the SDK
    // retries 503s and dropped connections on its own as well, so those need not reach the store's loop).
    if (faults[0] === 429) expect(waits.slice(0, 3)).toEqual([180, 180, 180]);
    // Landed once: the transcript has the message once, and the dialog moved on exactly one step.
    expect(await userLines(running.transcripts, conversation)).toEqual(['my printer says offline', 'Still offline']);
    expect(stepOf(await conversation.say('Wi-Fi'))?.stepId).toBe('same-network');
  });

  /** The document requests of one turn, in order, found by playing it once in a fresh conversation. */
  async function requestsOf(setup: (c: ChannelConversation) => Promise<unknown>, text: string) {
    const conversation = new ChannelConversation(running.url, 'faults');
    await setup(conversation);
    const from = cosmos.requests().length;
    await conversation.say(text);
    return cosmos.requests().slice(from);
  }

  it('the answer to the dialog-state write is lost (the write landed): the retry overwrites it and the turn succeeds, once', async () => {
    const turn = await requestsOf((c) => c.say('my printer says offline'), 'Still offline');
    const stateWrite = turn.findIndex((r) => r.container === 'botstate' && r.method !== 'GET');
    expect(stateWrite).toBeGreaterThan(0);
    const conversation = await atFirstStep(running.url);
    cosmos.inject([...Array<'pass'>(stateWrite).fill('pass'), 'lost']);
    const answer = await conversation.say('Still offline');
    expect(cosmos.pending()).toBe(0);
    expect(answer.status).toBe(200);
    expect(textOf(answer)).not.toMatch(TRY_AGAIN);
    expect(stepOf(answer)?.stepId).toBe('connection-type');
    expect(await userLines(running.transcripts, conversation)).toEqual(['my printer says offline', 'Still offline']);
    expect(stepOf(await conversation.say('Wi-Fi'))?.stepId).toBe('same-network');
  });

  // When the answer to a create-only write is lost, the store's retry meets the write that landed
  // as a conflict; the opt-out's records (consent decision, suppression entry, request) recognise
  // their own write (createOnce, SuppressionList.add), so the turn still ends with a receipt.
  it('an opt-out turn in which the answer to any one write is lost: the user gets the receipt, or nothing of the opt-out is kept', async () => {
    // With no address on file the opt-out is applied in this first turn, before the address is asked.
    const optOut = (c: ChannelConversation) => c.say('stop sending me marketing emails');
    const turn = await requestsOf(async () => undefined, 'stop sending me marketing emails');
    const services = createRightsServices({ store: running.app.store, policy: running.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined } });
    const problems: string[] = [];
    for (let i = 0; i < turn.length; i++) {
      if (turn[i].method === 'GET') continue;
      const conversation = new ChannelConversation(running.url, 'faults');
      cosmos.inject([...Array<'pass'>(i).fill('pass'), 'lost']);
      const answer = await optOut(conversation);
      cosmos.clear();
      const where = `lost answer to write #${i} (${turn[i].method} ${turn[i].container})`;
      if (answer.status !== 200) problems.push(`${where}: HTTP ${answer.status}`);
      if (receiptOf(answer)) continue;
      const userId = conversation.storedUserId;
      const traces = [
        ...((await services.consents.current(userId)).marketing_email ? ['a marketing_email consent decision'] : []),
        ...((await services.requests.list(userId)).length ? ['a request record'] : []),
      ];
      if (traces.length) problems.push(`${where}: no receipt, but stored ${traces.join(' and ')}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);

  // Logs several writers append to take the next number by a create-only write; a lost answer
  // comes back as a conflict on that number, which must not read as "someone else's".
  it('the answer to an append is lost: a handoff chat message and a Direct Line activity are logged once, in order', async () => {
    const store = running.app.store;
    const handoff = { id: 'h-lost', conversationId: 'conv-lost', recordingOff: false };
    const chat = new HandoffMessageLog(store);
    await chat.append(handoff, 'hello?');
    cosmos.inject(['lost']); // the next number is known now: the append is one create
    await chat.append(handoff, 'are you still there?');
    expect(cosmos.pending()).toBe(0);
    await chat.append(handoff, 'my printer is still offline');
    expect((await chat.after(handoff)).messages.map((m) => [m.cursor, m.text])).toEqual([
      ['0000000001', 'hello?'],
      ['0000000002', 'are you still there?'],
      ['0000000003', 'my printer is still offline'],
    ]);

    const log = new ConversationLog(store);
    cosmos.inject(['lost']);
    expect(await log.create('conv-dl-lost', { userId: 'u-lost' })).toBe(true); // the welcome is still sent
    expect(cosmos.pending()).toBe(0);
    const first = await log.append('conv-dl-lost', (id) => ({ id, type: 'message', text: 'hello' }));
    cosmos.inject(['lost']); // again one create
    const second = await log.append('conv-dl-lost', (id) => ({ id, type: 'message', text: 'anyone?' }));
    expect(cosmos.pending()).toBe(0);
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect((await log.read('conv-dl-lost')).activities.map((a) => a.text)).toEqual(['hello', 'anyone?']);
  });

  it('an outage longer than the retries: the user is asked to try again (HTTP 200, never 500), and trying again continues the dialog', async () => {
    const conversation = await atFirstStep(running.url);
    cosmos.inject(Array<Fault>(40).fill(503));
    const failed = await conversation.say('Still offline');
    cosmos.clear();
    expect(failed.status).toBe(200);
    expect(textOf(failed)).toMatch(TRY_AGAIN);
    expect(stepOf(failed)).toBeUndefined();
    // Nothing of the failed turn was kept, so trying again gets exactly the next step, once.
    const retried = await conversation.say('Still offline');
    expect(stepOf(retried)?.stepId).toBe('connection-type');
    expect(await userLines(running.transcripts, conversation)).toEqual(['my printer says offline', 'Still offline']);
  });
});

describe('an outage that starts in the middle of a turn', () => {
  let store: FaultyStore;
  let running: Awaited<ReturnType<typeof startApp>>;
  /** The store operations of one normal "Still offline" turn at the first step, in order. */
  let turnOps: StoreOp[];

  beforeAll(async () => {
    store = new FaultyStore(new SqliteStore({ dataDir: ':memory:' }));
    running = await startApp(store);
    const conversation = await atFirstStep(running.url);
    const before = store.ops.length;
    await conversation.say('Still offline');
    turnOps = store.ops.slice(before);
  }, 60_000);

  afterAll(async () => {
    await running?.app.close();
  });

  interface Outcome {
    at: StoreOp;
    answer: TurnAnswer;
    /** The dialog state moved to the next step (probed with the answer to that step). */
    advanced: boolean;
    /** The transcript holds the turn's message. */
    recorded: boolean;
  }

  /** The outage begins at operation `k` of the turn and ends right after it. */
  async function outageAt(k: number): Promise<Outcome> {
    const conversation = await atFirstStep(running.url);
    store.failFrom(k);
    const answer = await conversation.say('Still offline');
    store.heal();
    const probe = stepOf(await conversation.say('Wi-Fi'))?.stepId;
    if (probe !== 'power-cycle' && probe !== 'same-network') throw new Error(`after an outage at ${JSON.stringify(turnOps[k])} the dialog is lost: "Wi-Fi" got step ${probe}`);
    const lines = await userLines(running.transcripts, conversation);
    return { at: turnOps[k], answer, advanced: probe === 'same-network', recorded: lines.includes('Still offline') };
  }

  const stateWrite = () => turnOps.findIndex((op) => op.op === 'put' && op.container === 'botstate');
  const transcriptWrite = () => turnOps.findIndex((op) => op.op === 'put' && op.container === 'conversations' && op.key.startsWith('transcript/'));

  it('the turn reads and writes the dialog state and the transcript (so the points below exist)', () => {
    expect(stateWrite()).toBeGreaterThan(0);
    expect(transcriptWrite()).toBeGreaterThan(0);
  });

  it('an outage at any point before the state is saved: the user is asked to try again, sees no unsaved step, and nothing of the turn is kept', async () => {
    const problems: string[] = [];
    for (let k = 0; k < stateWrite(); k++) {
      const o = await outageAt(k);
      const where = `outage at ${o.at.op} ${o.at.container} ${o.at.key.slice(0, 24)}`;
      if (o.answer.status !== 200) problems.push(`${where}: HTTP ${o.answer.status}`);
      if (!TRY_AGAIN.test(textOf(o.answer))) problems.push(`${where}: no "please try again" (${textOf(o.answer).slice(0, 80)})`);
      if (stepOf(o.answer)) problems.push(`${where}: showed step ${stepOf(o.answer)?.stepId}`);
      if (o.advanced || o.recorded) problems.push(`${where}: kept part of the turn (state advanced: ${o.advanced}, transcript: ${o.recorded})`);
    }
    expect(problems).toEqual([]);
  });

  // With expectReplies the replies buffered before a failed state save must not go out with the
  // apology, or the user sees a next question although the bot is still at the previous step.
  it('an outage at the state save: the user is not shown a step that was not saved', async () => {
    const o = await outageAt(stateWrite());
    expect(o.answer.status).toBe(200);
    expect(textOf(o.answer)).toMatch(TRY_AGAIN);
    expect(o.advanced).toBe(false);
    expect(stepOf(o.answer)).toBeUndefined();
  });

  // The transcript record is written after the state save, in a separate write; the state save
  // carries the record too (the outbox), so when that write fails the next turn writes it.
  it('an outage at the transcript write: the turn lands completely or not at all', async () => {
    const o = await outageAt(transcriptWrite());
    expect(o.answer.status).toBe(200);
    expect(o.recorded).toBe(o.advanced);
  });

  it('no outage: the turn lands completely', async () => {
    const o = await outageAt(turnOps.length + 10);
    expect(stepOf(o.answer)?.stepId).toBe('connection-type');
    expect(o.advanced && o.recorded).toBe(true);
  });
});

afterAll(removeTempDirs);
