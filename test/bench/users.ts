import { randomUUID } from 'node:crypto';
import type { LoopbackClient } from './http';

/** One line of a script: what the user types, and whether it answers a quick reply or is free text. */
export interface ScriptLine {
  text: string;
  /** Free text (a new request or an interruption): sent even when the bot offers other quick replies. */
  free?: boolean;
  /** Sends a conversationUpdate (the user opens the chat) instead of a message. */
  join?: boolean;
}

const free = (text: string): ScriptLine => ({ text, free: true });
const pick = (text: string): ScriptLine => ({ text });
const JOIN: ScriptLine = { text: '', join: true };

/**
 * The conversations the simulated users have: open the chat, greet, work through the
 * printer-offline flow for several steps, ask for a technician (giving name and email when
 * asked), then opt out of marketing email while waiting. Three variants so not every user
 * walks the same path.
 */
export const SCRIPTS: ScriptLine[][] = [
  [JOIN, free('hi'), free('my printer says offline'), pick('Still offline'), pick('Wi-Fi'), pick("Yes, it's connected to the right network"), pick('Still offline'), pick('Windows'), pick('Still offline'), free('talk to a technician'), free('stop sending me marketing emails')],
  [JOIN, free('hello'), free('printer is offline again and wont print'), pick('Still offline'), pick('USB cable'), pick('Still offline'), pick('Mac'), free('can I talk to a real person'), free('please unsubscribe me from your promotional emails')],
  [JOIN, free('hi there'), free('my printer says offline'), pick('Still offline'), pick('Wi-Fi'), pick("It isn't connected"), pick('Still offline'), free('I want to speak to a technician'), free('stop sending me offers by email')],
];

/** The short conversation copied into the store for the scale curve (see seed.ts). */
export const TEMPLATE_SCRIPT: ScriptLine[] = [JOIN, free('hi'), free('my printer says offline'), pick('Still offline'), pick('Wi-Fi'), free('stop sending me marketing emails')];

/** Quick replies the user prefers when the bot asks something the script did not foresee. */
const PREFERRED = ['Marketing emails', 'Email me', 'Still offline', 'Windows', 'Wi-Fi', 'Yes'];

export interface TurnRecord {
  /** When the turn was sent (performance.now()). */
  startedAt: number;
  ms: number;
  /** Whether turns/s and latencies count it (see LoadOptions.durationMs); unset means yes. */
  measured?: boolean;
  status: number;
  ok: boolean;
  /** What kind of turn it was: the scripted text, or what the user answered ('(name)', '(email)', '(joins)'). */
  label: string;
}

export interface UserOutcome {
  /** The channel account id (the stored user id is "bench:" + this). */
  userId: string;
  conversationId: string;
  turns: TurnRecord[];
  /** The furthest troubleshooting step number reached. */
  maxStep: number;
  handoffQueued: boolean;
  receipt: boolean;
  /** The whole script was played (a timed phase may end a conversation half-way). */
  complete: boolean;
  errors: string[];
}

interface Reply {
  type?: string;
  text?: string;
  channelData?: { helpline?: { expects?: string; step?: { n: number }; handoff?: { state: string }; request?: { id: string } } };
  suggestedActions?: { actions?: { title?: string; value?: unknown }[] };
}

export interface UserOptions {
  client: LoopbackClient;
  script: ScriptLine[];
  index: number;
  /** Called after every turn (for the progress counter). */
  onTurn: (turn: TurnRecord) => void;
  /** Stop early when this returns true (the phase's time limit). */
  stopped: () => boolean;
  /** At most this many turns, whatever the bot asks. */
  maxTurns?: number;
  /** Print the conversation to stderr (BENCH_DEBUG=1 prints user 0's). */
  debug?: boolean;
}

/**
 * One simulated user over /api/messages with deliveryMode expectReplies, as a channel would
 * send it. Plays its script, but answers what the bot actually asks: its name, email or phone
 * when a prompt expects them, "yes" to a confirmation, and a sensible quick reply when the bot
 * offers choices the script did not foresee. Latency is the wall time of each POST.
 */
export async function runUser(options: UserOptions): Promise<UserOutcome> {
  const { client, script, index } = options;
  const user = { id: `bench-user-${index}-${randomUUID().slice(0, 8)}`, name: `Bench User ${index}` };
  const conversation = { id: `bench-conv-${randomUUID()}` };
  const outcome: UserOutcome = { userId: user.id, conversationId: conversation.id, turns: [], maxStep: 0, handoffQueued: false, receipt: false, complete: false, errors: [] };
  let last: Reply | undefined;
  let line = 0;
  const maxTurns = options.maxTurns ?? script.length + 8;

  while (line < script.length && outcome.turns.length < maxTurns && !options.stopped()) {
    const { text, join, label } = nextMessage(script, line, last, index);
    if (text === script[line]?.text || join) line += 1;
    const activity = join
      ? { type: 'conversationUpdate', membersAdded: [user, { id: 'helpline-bot' }] }
      : { type: 'message', text };
    const started = performance.now();
    let status = 0;
    let replies: Reply[] = [];
    try {
      const response = await client.request('POST', '/api/messages', {
        ...activity,
        channelId: 'bench',
        from: user,
        recipient: { id: 'helpline-bot', name: 'Helpline' },
        conversation,
        deliveryMode: 'expectReplies',
        id: randomUUID(),
        timestamp: new Date().toISOString(),
        locale: 'en-US',
      });
      status = response.status;
      replies = ((response.body as { activities?: Reply[] } | undefined)?.activities ?? []).filter((a) => a.type === 'message');
    } catch (error) {
      outcome.errors.push(error instanceof Error ? error.message : String(error));
    }
    const turn = { startedAt: started, ms: performance.now() - started, status, ok: status >= 200 && status < 300, label };
    outcome.turns.push(turn);
    options.onTurn(turn);
    if (!turn.ok) {
      if (status) outcome.errors.push(`HTTP ${status}`);
      continue;
    }
    if (options.debug) process.stderr.write(`  [user ${index}] > ${join ? '(joins)' : text}\n${replies.map((r) => `      < ${(r.text ?? '').slice(0, 100).replace(/\n/g, ' ')} ${JSON.stringify(r.channelData?.helpline ?? {})}\n`).join('')}`);
    for (const reply of replies) {
      const data = reply.channelData?.helpline ?? {};
      if (data.step) outcome.maxStep = Math.max(outcome.maxStep, data.step.n);
      if (data.handoff?.state === 'queued') outcome.handoffQueued = true;
      if (data.request?.id) outcome.receipt = true;
    }
    last = [...replies].reverse().find((r) => r.channelData?.helpline?.expects) ?? replies[replies.length - 1];
  }
  outcome.complete = line >= script.length;
  return outcome;
}

const FIRST = ['Sam', 'Alex', 'Priya', 'Chen', 'Maria', 'Tomasz', 'Aisha', 'Jonas', 'Keiko', 'Liam'];
const LAST = ['Okafor', 'Smith', 'Novak', 'Garcia', 'Lindqvist', 'Tanaka', 'Murphy', 'Haddad', 'Rossi', 'Kowalski'];
/** Names may not contain digits, so the index is spelled with first and last names. */
const nameOf = (n: number) => `${FIRST[n % FIRST.length]} ${LAST[Math.floor(n / FIRST.length) % LAST.length]}`;

function nextMessage(script: ScriptLine[], line: number, last: Reply | undefined, index: number): { text: string; join?: boolean; label: string } {
  const planned = script[line];
  if (planned.join) return { text: '', join: true, label: '(joins)' };
  const expects = last?.channelData?.helpline?.expects;
  const n = index + 1;
  if (expects === 'name') return { text: nameOf(n), label: '(gives name)' };
  if (expects === 'email') return { text: `sam.bench${n}@example.com`, label: '(gives email)' };
  if (expects === 'phone') return { text: `+1 202 555 ${String(1000 + (n % 9000)).padStart(4, '0')}`, label: '(gives phone)' };
  if (expects === 'confirm') return { text: 'yes', label: '(confirms)' };
  const offered = (last?.suggestedActions?.actions ?? []).map((a) => String(a.title ?? a.value ?? ''));
  if (expects === 'choice' && !planned.free && !offered.includes(planned.text)) {
    const choice = PREFERRED.find((p) => offered.includes(p)) ?? offered[0];
    if (choice) return { text: choice, label: `(picks) ${choice}` };
  }
  return { text: planned.text, label: planned.free ? `${planned.text}` : `(picks) ${planned.text}` };
}
