import { TechnicianClient, DirectLineUser, expects, hl, startHandoffBot } from './handoff-harness';
import type { TestBot } from '../support/conversation';

jest.setTimeout(90_000);

// A callback ticket (nobody was signed in when the user asked) worked by a technician through the
// technician API: the user stays with the bot in their chat, so what they are told must say so.
describe('a technician working a callback ticket', () => {
  let bot: TestBot;
  let user: DirectLineUser | undefined;
  afterEach(async () => {
    user?.end();
    await bot?.close();
  });

  /** A user who asked for a person while nobody was signed in and took a callback; returns its ticket id. */
  async function callbackTicket(): Promise<string> {
    bot = await startHandoffBot();
    user = await DirectLineUser.start(bot.url, 'dl-callback');
    await user.say('I want to talk to a human');
    await user.waitFor((a) => /call you back/.test(a.text ?? ''));
    await user.say('call me back');
    await user.waitFor(expects('phone'));
    await user.say('415 555 2671');
    return hl(await user.waitFor((a) => hl(a).handoff?.state === 'unavailable' && hl(a).handoff?.ticketId !== undefined)).handoff!.ticketId!;
  }

  it('claiming tells the user who will call them back, not that the chat is now theirs; the rating after the resolve is stored', async () => {
    const id = await callbackTicket();
    const tech = await new TechnicianClient(bot.url).login();
    let mark = user!.activities.length;
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    const picked = await user!.waitFor((a) => hl(a).handoff?.state === 'assigned', mark, 5000);
    expect(picked.text).toBe(`Admin, one of our technicians, has picked up your ticket ${id} and will call you back on the number you gave soon.`);

    mark = user!.activities.length;
    expect((await tech.call('POST', `/handoffs/${id}/resolve`, { resolution: 'Called back: power adapter replaced' })).status).toBe(200);
    await user!.waitFor(expects('rating'), mark, 5000);
    await user!.say('4');
    await user!.waitFor((a) => /4\/5/.test(a.text ?? ''), mark);
    expect((await tech.call('GET', `/handoffs/${id}`)).body).toMatchObject({ status: 'ended', outcome: 'resolved', rating: 4 });
  });

  it('releasing it tells the user that nobody will call them about it', async () => {
    const id = await callbackTicket();
    const tech = await new TechnicianClient(bot.url).login();
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    const mark = user!.activities.length;
    expect((await tech.call('POST', `/handoffs/${id}/release`, {})).status).toBe(200);
    const told = await user!.waitFor((a) => hl(a).handoff?.state === 'ended', mark, 5000);
    expect(told.text).toBe(`Admin has closed your ticket ${id}, so nobody will call you back about it. If you still need help, just tell me.`);
  });
});
