import { TechnicianClient, DirectLineUser, hl, queueOverDirectLine, startHandoffBot } from './handoff-harness';
import type { TestBot } from '../support/conversation';
import { exportUserData } from '../../src/cli/privacy';

jest.setTimeout(120_000);

interface Relayed {
  from: string;
  text: string;
}

/** What the technician's console reads after `cursor`, polled until `done` holds (or 10 s pass). */
async function readUntil(tech: TechnicianClient, id: string, cursor: string, done: (messages: Relayed[]) => boolean) {
  const messages: Relayed[] = [];
  const deadline = Date.now() + 10_000;
  while (!done(messages) && Date.now() < deadline) {
    const page = await tech.call('GET', `/handoffs/${id}/messages?after=${cursor}&wait=2`);
    messages.push(...page.body.messages);
    cursor = page.body.cursor;
  }
  return { messages, cursor };
}

async function liveChat(bot: TestBot, userId: string) {
  const tech = await new TechnicianClient(bot.url).login();
  const user = await DirectLineUser.start(bot.url, userId);
  const id = await queueOverDirectLine(user, `${userId}@example.com`);
  const mark = user.activities.length;
  expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
  await user.waitFor((a) => hl(a).handoff?.state === 'assigned', mark, 5000);
  return { tech, user, id };
}

// P7 while a technician owns the conversation: the bot only relays, yet an unmistakable opt-out
// from marketing or sharing takes effect at once, with its receipt, and the technician is told.
describe('opting out of marketing and sharing during a live handoff', () => {
  let bot: TestBot;
  const users: DirectLineUser[] = [];
  beforeAll(async () => {
    bot = await startHandoffBot();
  }, 90_000);
  afterAll(async () => {
    for (const user of users) user.end();
    await bot?.close();
  });
  const cli = () => ({ store: bot.app.store, policy: bot.app.config.policy, now: bot.clock.now });

  it('applies "stop sending me offers" and "don\'t share my data" with receipts, relays them, and notes them for the technician', async () => {
    const { tech, user, id } = await liveChat(bot, 'dl-optout');
    users.push(user);

    let mark = user.activities.length;
    await user.say('stop sending me offers');
    const offers = await user.waitFor((a) => hl(a).request !== undefined, mark, 5000);
    expect(offers.text).toContain("Done, effective now. I've turned off:");
    expect(offers.text).toContain('• marketing emails (d***@example.com is on our do-not-market list)');
    expect(offers.text).toContain('• marketing calls and texts');
    expect(hl(offers).handoff).toMatchObject({ state: 'assigned', ticketId: id });
    expect(hl(offers).request).toMatchObject({ type: 'opt_out', status: 'completed', id: expect.stringMatching(/^PR-/) });
    let read = await readUntil(tech, id, '0000000000', (m) => m.some((x) => x.from === 'system'));
    expect(read.messages.map((m) => [m.from, m.text])).toEqual([
      ['user', 'stop sending me offers'],
      ['system', `The user opted out of marketing emails, marketing calls and texts. It is applied and confirmed to them (request ${hl(offers).request!.id}); nothing for you to do.`],
    ]);

    mark = user.activities.length;
    await user.say("don't share my data");
    const sharing = await user.waitFor((a) => hl(a).request !== undefined, mark, 5000);
    expect(sharing.text).toContain('• sharing your information with third parties');
    expect(hl(sharing).handoff).toMatchObject({ state: 'assigned', ticketId: id });
    read = await readUntil(tech, id, read.cursor, (m) => m.some((x) => x.from === 'system'));
    expect(read.messages.map((m) => m.from)).toEqual(['user', 'system']);
    expect(read.messages[0].text).toBe("don't share my data");
    expect(read.messages[1].text).toMatch(/^The user opted out of sharing their information with third parties\./);

    // A complaint about our texts reads as an opt-out, as outside a handoff; they were already off.
    mark = user.activities.length;
    await user.say('I keep getting texts from you, stop it');
    const texts = await user.waitFor((a) => hl(a).request !== undefined, mark, 5000);
    expect(texts.text).toContain('Nothing needed changing; these were already off:\n• marketing calls and texts');
    read = await readUntil(tech, id, read.cursor, (m) => m.some((x) => x.from === 'system'));
    expect(read.messages[1].text).toMatch(/^The user opted out of marketing calls and texts\./);

    const consents = (await tech.call('GET', `/handoffs/${id}`)).body.case.consents;
    expect(consents).toMatchObject({ marketingEmail: false, marketingPhone: false, thirdPartySharing: false });
    // Still the technician's conversation: the opt-outs did not hand it back to the bot.
    expect((await tech.call('GET', `/handoffs/${id}`)).body.status).toBe('assigned');
    const exported = (await exportUserData(cli(), { email: 'dl-optout@example.com' })).accounts[0];
    expect(exported.optOuts.map((o) => o.purpose).sort()).toEqual(['marketing_email', 'marketing_phone', 'third_party_sharing']);
    expect(exported.suppression.map((s) => s.address)).toEqual(['dl-optout@example.com']);
    // The officer's export is itself recorded (an access request on channel cli): the user's own requests are the rest.
    expect(exported.requests.filter((r) => r.channel !== 'cli').map((r) => [r.type, r.status])).toEqual([
      ['opt_out', 'completed'],
      ['opt_out', 'completed'],
      ['opt_out', 'completed'],
    ]);
  });

  it('only relays what is not an unmistakable opt-out: nothing is applied, said or noted', async () => {
    const { tech, user, id } = await liveChat(bot, 'dl-notoptout');
    users.push(user);
    const said = [
      'I never got the email',
      'my email stopped working',
      "stop, that's not what I meant",
      "I can't unsubscribe from a newsletter in outlook",
      'how do I unsubscribe from apple emails',
      'will unsubscribing stop the texts?',
    ];
    const mark = user.activities.length;
    for (const text of said) await user.say(text);
    const read = await readUntil(tech, id, '0000000000', (m) => m.length >= said.length);
    // The technician answers last, so every message above has had its turn before this is seen.
    await tech.call('POST', `/handoffs/${id}/messages`, { text: 'Let me look into it.' });
    await user.waitFor((a) => a.text === 'Let me look into it.', mark, 5000);
    expect(user.botMessages(mark).map((a) => a.text)).toEqual(['Let me look into it.']);
    const after = await tech.call('GET', `/handoffs/${id}/messages?after=${read.cursor}&wait=0`);
    // No note among them: only the user's lines and the technician's own reply (the live chat shows both).
    expect([...read.messages, ...after.body.messages].map((m) => [m.from, m.text])).toEqual([...said.map((text) => ['user', text]), ['technician', 'Let me look into it.']]);

    const consents = (await tech.call('GET', `/handoffs/${id}`)).body.case.consents;
    expect(consents).not.toHaveProperty('marketingEmail');
    expect(consents).not.toHaveProperty('thirdPartySharing');
    expect((await exportUserData(cli(), { email: 'dl-notoptout@example.com' })).accounts[0].requests.filter((r) => r.channel !== 'cli')).toEqual([]);
  });
});
