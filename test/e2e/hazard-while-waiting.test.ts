import { TechnicianClient, queueOverHttp, startHandoffBot } from './handoff-harness';
import { data, type TestBot } from '../support/conversation';
import { HandoffQueue } from '../../src/services/handoff/handoff-queue';

jest.setTimeout(90_000);

// "it just started smoking" while waiting for a technician was the dialogs' turn: the hazard was
// not read, the ticket kept its normal priority and its place behind the others.
describe('a hazard told while waiting in the live queue', () => {
  let bot: TestBot;
  afterEach(() => bot?.close());

  it('gets the safety advice at once, and the ticket goes ahead of the queue naming the hazard', async () => {
    bot = await startHandoffBot();
    await new TechnicianClient(bot.url).login();
    const first = bot.conversation();
    const firstId = await queueOverHttp(first, 'talk to a technician');
    const user = bot.conversation();
    const id = await queueOverHttp(user, 'talk to a technician');

    const replies = await user.say('it just started smoking');
    const said = replies.map((a) => a.text).filter(Boolean).join('\n');
    expect(said).toMatch(/^That can be dangerous\. .*unplug it at the wall.* I've marked your ticket urgent and told the technicians\. You're already in the queue: number 1,/s);
    expect(replies.map((a) => data(a).handoff).find(Boolean)).toMatchObject({ state: 'queued', ticketId: id, position: 1 });

    const queue = new HandoffQueue(bot.app.store, { now: bot.clock.now });
    expect(await queue.get(id)).toMatchObject({ priority: 'high', reason: 'Safety hazard: smoke', summary: expect.stringContaining('the user adds: it just started smoking') });
    expect((await queue.waitingLine()).map((p) => p.handoff.id)).toEqual([id, firstId]);
  });

  it('"there\'s no smoke, just slow" while waiting is no hazard: the ticket stays as it was', async () => {
    bot = await startHandoffBot();
    await new TechnicianClient(bot.url).login();
    const user = bot.conversation();
    const id = await queueOverHttp(user, 'talk to a technician');
    expect(await user.sayText("there's no smoke, its just slow")).not.toMatch(/That can be dangerous/);
    expect(await new HandoffQueue(bot.app.store, { now: bot.clock.now }).get(id)).toMatchObject({ priority: 'normal' });
  });
});
