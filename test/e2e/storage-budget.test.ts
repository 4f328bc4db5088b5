import type { Activity } from 'botbuilder';
import { createRightsServices } from '../../src/services/privacy/requests';
import { CountingStore } from '../../src/services/storage/counting-store';
import { ForwardingStore } from '../../src/services/storage/forwarding-store';
import type { CountOptions, PutOptions, QueryOptions, StoredRecord } from '../../src/services/storage/store';
import type { ContainerName } from '../../src/services/storage/containers';
import { data, last, startTestBot, type TestBot, type TestConversation } from '../support/conversation';
import { TechnicianClient, queueOverHttp, startHandoffBot } from './handoff-harness';
import { SCRIPTS, type ScriptLine } from '../bench/users';

jest.setTimeout(60_000);

/** Every write, in order, as "container key-kind", for asserting what a turn stored. */
class WriteLog extends ForwardingStore {
  writes: string[] = [];
  override put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    this.writes.push(`${container} ${key.split('/')[0]}`);
    return super.put(container, partition, key, value, options);
  }
}

/** Plays a bench script the way the bench does: the script's free texts, and the answers the bot's prompts ask for. */
async function play(user: TestConversation, script: ScriptLine[], n: number): Promise<number> {
  let turns = 0;
  let lastReply: Partial<Activity> | undefined;
  for (let line = 0; line < script.length && turns < script.length + 8; ) {
    const planned = script[line];
    const expects = lastReply ? data(lastReply).expects : undefined;
    let text = planned.text;
    if (planned.join) {
      lastReply = last(await user.join());
      line += 1;
      turns += 1;
      continue;
    }
    if (expects === 'name') text = 'Sam Okafor';
    else if (expects === 'email') text = `sam.budget${n}@example.com`;
    else line += 1;
    const replies = await user.say(text);
    turns += 1;
    lastReply = [...replies].reverse().find((r) => data(r).expects) ?? last(replies);
  }
  return turns;
}

/** Every read of the handoffs container, in order, as "get|query|count key-prefix". */
class HandoffReadLog extends ForwardingStore {
  reads: string[] = [];
  override get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    if (container === 'handoffs') this.reads.push(`get ${key.split('/')[0]}`);
    return super.get(container, partition, key);
  }
  override query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    if (container === 'handoffs') this.reads.push(`query ${options?.keyPrefix ?? ''}`);
    return super.query(container, partition, options);
  }
  override count(container: ContainerName, partition: string, options?: CountOptions): Promise<number> {
    if (container === 'handoffs') this.reads.push(`count ${options?.keyPrefix ?? ''}`);
    return super.count(container, partition, options);
  }
}

describe('what a turn costs in storage operations (the bench goals, as a regression test)', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  it('the bench conversations stay within 2 reads and 3 writes per turn', async () => {
    let counted: CountingStore | undefined;
    // Per turn, as the bench counts: the operations of the turns, not those of background jobs. The
    // queue-update pass runs every 5 s of wall time however many turns there were (its reads per
    // pass are held in handoff-queue.test.ts); left running, a slow machine that takes over 5 s
    // here charged one pass (5 reads) to the same 35 turns: 2.09 reads per turn instead of 1.94.
    bot = await startHandoffBot({ wrapStore: (store) => (counted = new CountingStore(store)), queueUpdateIntervalMs: 3_600_000 });
    await new TechnicianClient(bot.url).login();
    // One conversation first, as the bench warms up: the online count and pickup delays are then remembered.
    await play(bot.conversation({ channelId: 'bench' }), SCRIPTS[0], 0);
    counted!.reset();
    let turns = 0;
    for (const [i, script] of SCRIPTS.entries()) turns += await play(bot.conversation({ channelId: 'bench' }), script, i + 1);
    const { reads, writes } = counted!.snapshot();
    expect(reads / turns).toBeLessThanOrEqual(2);
    expect(writes / turns).toBeLessThanOrEqual(3);
  });

  it('"hello" in a new chat lists no queue: nothing for a user never queued, a count of their live tickets for one who was', async () => {
    let log: HandoffReadLog | undefined;
    bot = await startHandoffBot({ wrapStore: (store) => (log = new HandoffReadLog(store)), queueUpdateIntervalMs: 3_600_000 });
    await new TechnicianClient(bot.url).login();
    log!.reads = [];
    await bot.conversation().say('hello');
    expect(log!.reads).toEqual([]);

    const queued = bot.conversation();
    await queueOverHttp(queued, 'talk to a technician');
    await queued.say('stop waiting');
    log!.reads = [];
    await bot.conversation({ userId: queued.user.id }).say('hello');
    expect(log!.reads).toEqual(['count active/']);
  });

  it('a troubleshooting step writes the conversation state and the transcript, and the case only at its milestones', async () => {
    let log: WriteLog | undefined;
    bot = await startTestBot({ wrapStore: (store) => (log = new WriteLog(store)) });
    const user = bot.conversation();
    await user.say('my printer says offline');
    log!.writes = [];
    const replies = await user.say('Still offline');
    expect(data(last(replies)).step).toMatchObject({ n: 2 });
    expect(log!.writes).toHaveLength(2);
    expect(log!.writes.filter((w) => w.startsWith('botstate '))).toHaveLength(1);
    expect(log!.writes).toContain('conversations transcript');
    log!.writes = [];
    await user.say('Talk to a technician');
    expect(log!.writes).toContain('users case');
  });
});

/** Starts the printer-offline flow and answers its first two steps ("Still offline", "Wi-Fi"). */
async function twoStepsIntoPrinterFlow(user: TestConversation): Promise<void> {
  await user.say('my printer says offline');
  await user.say('Still offline');
  await user.say('Wi-Fi');
}

/** The user's data export (their one account), as "what do you have on me" delivers it after verification. */
async function exportOf(bot: TestBot, user: TestConversation) {
  const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined } });
  return (await rights.exporter.export([`test:${user.user.id}`])).accounts[0];
}

describe('a case between milestones', () => {
  let bot: TestBot | undefined;
  afterEach(async () => {
    await bot?.close();
    bot = undefined;
  });

  it('a technician sees every step tried when the user asks for a person mid-flow in their own words', async () => {
    bot = await startHandoffBot();
    const tech = await new TechnicianClient(bot.url).login();
    const user = bot.conversation();
    await twoStepsIntoPrinterFlow(user);
    // Not one of the step's choices: the main dialog hands over on top of the unfinished flow.
    const asked = await user.say('can I speak with your support staff');
    expect(data(last(asked)).expects).toBe('name');
    await user.say('Sam Okafor');
    const queued = await user.say('sam.milestone@example.com');
    const ticket = queued.map((a) => data(a).handoff).find((h) => h?.state === 'queued')?.ticketId;
    expect(ticket).toBeDefined();
    const detail = await tech.call('GET', `/handoffs/${ticket}`);
    expect(detail.body.case.stepsTried.map((s: { stepId: string; outcome: string }) => [s.stepId, s.outcome])).toEqual([
      ['power-cycle', 'Still offline'],
      ['connection-type', 'Wi-Fi'],
    ]);
    // The hub event of the same handoff carries the same steps.
    const initiate = queued.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect((initiate?.value as { caseSummary: { stepsTried: unknown[] } }).caseSummary.stepsTried).toHaveLength(2);
  });

  it("the user's data export shows an open case with the steps taken since it was last written", async () => {
    bot = await startTestBot();
    const user = bot.conversation();
    await twoStepsIntoPrinterFlow(user);
    const account = await exportOf(bot, user);
    expect(account.cases).toHaveLength(1);
    expect(account.cases[0].stepsTried.map((s) => s.outcome)).toEqual(['Still offline', 'Wi-Fi']);
  });

  it('starting another flow in the same conversation first writes the unfinished case its steps', async () => {
    bot = await startTestBot();
    const user = bot.conversation();
    await twoStepsIntoPrinterFlow(user);
    expect(last(await user.say('cancel')).text).toMatch(/stopped that/);
    const other = await user.say('roku keeps buffering');
    expect(data(last(other)).step).toMatchObject({ flow: 'tv-buffering', n: 1 });
    const account = await exportOf(bot, user);
    const printer = account.cases.find((c) => c.flowId === 'printer-offline');
    expect(printer?.stepsTried.map((s) => s.outcome)).toEqual(['Still offline', 'Wi-Fi']);
  });

  it('a new conversation offers to continue at the step reached, though the case was last written when the flow began', async () => {
    bot = await startTestBot();
    const first = bot.conversation();
    await twoStepsIntoPrinterFlow(first);
    const second = bot.conversation({ userId: first.user.id });
    const offer = await second.say('hi');
    expect(last(offer).text).toMatch(/We stopped at step 3: "On the printer.s control panel/);
    const resumed = await second.say('Continue where we stopped');
    expect(data(last(resumed)).step).toMatchObject({ stepId: 'same-network', n: 3 });
    // Picked up here, the case now belongs to this conversation: a third one continues from here.
    await second.say("Yes, it's connected to the right network");
    const third = bot.conversation({ userId: first.user.id });
    expect(last(await third.say('hello')).text).toMatch(/We stopped at step 4[:.]/);
  });
});
