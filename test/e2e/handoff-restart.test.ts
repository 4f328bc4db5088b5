import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DirectLineRest } from '../support/directline-client';
import type { TestBot } from '../support/conversation';
import { TechnicianClient, startHandoffBot } from './handoff-harness';

jest.setTimeout(120_000);

type Conversation = { token: string; conversationId: string };
const helpline = (a: { channelData?: { helpline?: Record<string, any> } }) => a.channelData?.helpline ?? {};

/** Polls the Direct Line until a bot activity matches; returns it and the new watermark. */
async function waitForBot(rest: DirectLineRest, conversation: Conversation, watermark: string | undefined, match: (a: any) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let mark = watermark;
  const seen: any[] = [];
  while (Date.now() < deadline) {
    const page = await rest.activities(conversation, mark);
    mark = page.watermark ?? mark;
    seen.push(...page.activities.filter((a) => a.from?.role === 'bot'));
    const found = seen.find(match);
    if (found) return { activity: found, watermark: mark, seen };
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`nothing matched; bot said ${JSON.stringify(seen.map((a) => a.text))}`);
}

describe('a restart in the middle of a handoff', () => {
  let bot: TestBot | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-handoff-restart-'));
  afterAll(async () => {
    await bot?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('leaves the technician owning the conversation, and messages still flow both ways', async () => {
    bot = await startHandoffBot({ dataDir });
    const port = Number(new URL(bot.url).port);
    const tech = await new TechnicianClient(bot.url).login();
    const rest = DirectLineRest.forServer(bot.url);
    const conversation = await rest.startConversation({ id: 'dl-restart-user' });
    let watermark: string | undefined;

    await rest.send(conversation, 'please connect me to a technician');
    ({ watermark } = await waitForBot(rest, conversation, watermark, (a) => helpline(a).expects === 'name'));
    await rest.send(conversation, 'Jane Doe');
    ({ watermark } = await waitForBot(rest, conversation, watermark, (a) => helpline(a).expects === 'email'));
    await rest.send(conversation, 'jane@example.com');
    const queued = await waitForBot(rest, conversation, watermark, (a) => helpline(a).handoff?.state === 'queued');
    watermark = queued.watermark;
    const id: string = helpline(queued.activity).handoff.ticketId;
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    ({ watermark } = await waitForBot(rest, conversation, watermark, (a) => helpline(a).handoff?.state === 'assigned'));

    // Restart: a new app on the same data folder and port. Nothing of the handoff was only in memory.
    await bot.close();
    bot = await startHandoffBot({ dataDir, port });
    tech.url = bot.url;

    const detail = await tech.call('GET', `/handoffs/${id}`); // the technician's session survived too
    expect(detail.body).toMatchObject({ status: 'assigned', assignedTo: { name: 'Admin' } });

    expect((await tech.call('POST', `/handoffs/${id}/messages`, { text: 'Still here after a blip. Did the reset help?' })).status).toBe(202);
    const relayed = await waitForBot(rest, conversation, watermark, (a) => helpline(a).technician !== undefined, 5000);
    expect(relayed.activity.text).toBe('Still here after a blip. Did the reset help?');
    watermark = relayed.watermark;

    const own = await tech.call('GET', `/handoffs/${id}/messages?wait=0`); // the technician's line, from: technician
    const poll = tech.call('GET', `/handoffs/${id}/messages?after=${own.body.cursor}&wait=10`);
    await rest.send(conversation, 'Yes, it prints again!');
    expect((await poll).body.messages.map((m: { text: string }) => m.text)).toContain('Yes, it prints again!');
    // The bot did not answer the user itself: the technician still owns the conversation.
    await new Promise((r) => setTimeout(r, 800));
    const after = await rest.activities(conversation, watermark);
    expect(after.activities.filter((a) => a.from?.role === 'bot')).toEqual([]);
  });
});
