import { startServer, type RunningServer } from '../support/server-process';
import { botTexts, DirectLineRest } from '../support/directline-client';

/**
 * The dialog the crash happens in: the user's messages, in order, and after how many of them
 * the server is killed (the bot is then waiting for an answer to a question).
 * Today: the refund check of the billing dialog ("Which plan do you have?", answered by
 * ordinal). Switch to a troubleshooting flow by changing only this object.
 */
const multiTurnScript = {
  name: 'refund check (billing dialog)',
  turns: ['I want a refund', '1'],
  crashAfter: 1,
};

type Conversation = { token: string; conversationId: string };

/** Ticket numbers, dates and ids differ between two runs of the same dialog; the words must not. */
const normalize = (text: string) =>
  text
    .replace(/\b[0-9a-f]{8}-[0-9a-f-]{27}\b/gi, '<id>')
    .replace(/\d+/g, '<n>')
    .trim();

let server: RunningServer;
let rest: DirectLineRest;

beforeAll(async () => {
  server = await startServer();
  rest = DirectLineRest.forServer(server.url);
}, 90_000);

afterAll(async () => {
  await server?.dispose();
});

/** Sends one message and returns the bot's replies to it (the turn has finished when the POST answers). */
async function say(conversation: Conversation, text: string, watermark: string): Promise<{ replies: string[]; watermark: string }> {
  await rest.send(conversation, text);
  const page = await rest.activities(conversation, watermark);
  return { replies: botTexts(page.activities).map(normalize), watermark: page.watermark };
}

it(`a dialog interrupted by SIGKILL continues where it was after a restart (${multiTurnScript.name})`, async () => {
  const { turns, crashAfter } = multiTurnScript;

  // What the dialog says when nothing goes wrong.
  const control = await rest.startConversation();
  let controlMark = (await rest.activities(control)).watermark;
  const expected: string[][] = [];
  for (const text of turns) {
    const turn = await say(control, text, controlMark);
    controlMark = turn.watermark;
    expected.push(turn.replies);
  }

  // What a conversation with no dialog in progress says to the first answer after the crash:
  // it must differ, or this test could not tell a resumed dialog from a forgotten one.
  const fresh = await rest.startConversation();
  const freshReplies = (await say(fresh, turns[crashAfter] as string, (await rest.activities(fresh)).watermark)).replies;
  expect(freshReplies).not.toEqual(expected[crashAfter]);

  const crashed = await rest.startConversation();
  let mark = (await rest.activities(crashed)).watermark;
  const got: string[][] = [];
  for (const text of turns.slice(0, crashAfter)) {
    const turn = await say(crashed, text, mark);
    mark = turn.watermark;
    got.push(turn.replies);
  }

  await server.kill('SIGKILL');
  await server.restart();
  rest = DirectLineRest.forServer(server.url);

  // The same token still works and polling continues from the same watermark: nothing new yet.
  expect(await rest.activities(crashed, mark)).toEqual({ activities: [], watermark: mark });
  for (const text of turns.slice(crashAfter)) {
    const turn = await say(crashed, text, mark);
    mark = turn.watermark;
    got.push(turn.replies);
  }

  expect(got).toEqual(expected);
  // The whole conversation is still there, in order, for a client that reconnects from scratch.
  const history = await rest.activities(crashed);
  expect(history.activities.filter((a: { from?: { role?: string } }) => a.from?.role === 'user').map((a: { text: string }) => a.text)).toEqual(turns);
  expect(Number(history.watermark)).toBe(history.activities.length);
}, 120_000);
