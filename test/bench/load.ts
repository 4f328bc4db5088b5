import { LoopbackClient } from './http';
import type { Progress } from './progress';
import { summarize, type LatencySummary } from './stats';
import { runUser, SCRIPTS, type ScriptLine, type TurnRecord, type UserOutcome } from './users';

export interface LoadOptions {
  url: string;
  users: number;
  label: string;
  progress: Progress;
  /** The phase stops starting new turns after this long (default 120 s). */
  timeLimitMs?: number;
  scripts?: ScriptLine[][];
  /** Users start spread over this long (default 1 s), as people do not all open the chat in the same millisecond. */
  rampMs?: number;
  /**
   * A timed phase: each user plays conversations back to back (the next script each time) until
   * this long after the start, then stops at its next turn, leaving the conversation half-way as
   * people do. Turns/s and latencies are then those of the turns started after the ramp and
   * before this moment, when all `users` conversations are under way: the load at full
   * concurrency, however fast the server is. Without it, each user plays one conversation and
   * every turn counts.
   */
  durationMs?: number;
  /**
   * Number of the first simulated person (default 0): names and email addresses follow it, so
   * successive loads on one server can each bring new people rather than returning ones (the
   * next load starts at this plus `conversations`).
   */
  firstIndex?: number;
}

export interface LoadResult {
  users: number;
  /** Conversations started (in a timed phase the last ones end half-way). */
  conversations: number;
  /** Conversations played to the end of their script. */
  completed: number;
  /** Every turn of the phase (storage operations and CPU time are divided by these). */
  turns: number;
  /** The turns turns/s and latencies are measured on, and the time they were started in. */
  measuredTurns: number;
  measuredMs: number;
  failed: number;
  wallMs: number;
  turnsPerSecond: number;
  latency: LatencySummary;
  /** Latency by kind of turn (free-text requests, quick-reply picks, answers), slowest p99 first, of the measured turns. */
  byKind: [string, LatencySummary][];
  /** How far the conversations got: proof the bench exercised the features, not error paths. */
  reached: { flowSteps: number; handoffQueued: number; receipt: number };
  timedOut: boolean;
  errors: string[];
  outcomes: UserOutcome[];
}

/**
 * `users` simulated users at once (starting over a one-second ramp), each playing scripted
 * conversations with no think time (a closed loop: every user sends its next message as soon as
 * the reply arrives), so the server runs saturated and the turn rate is its capacity. Bounded by
 * `durationMs` (or one conversation each) and a time limit.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const scripts = options.scripts ?? SCRIPTS;
  const client = new LoopbackClient(options.url, options.users);
  const timed = options.durationMs !== undefined;
  const expected = timed ? undefined : Array.from({ length: options.users }, (_, i) => scripts[i % scripts.length].length).reduce((a, b) => a + b, 0);
  // A channel keeps a warm pool of keep-alive connections to the bot; open them before the clock starts.
  await Promise.all(Array.from({ length: options.users }, () => client.request('GET', '/health')));
  const deadline = Date.now() + (options.timeLimitMs ?? 120_000);
  let done = 0;
  let failed = 0;
  // Every conversation is a new person: numbered in the order they start, from firstIndex.
  let person = options.firstIndex ?? 0;
  const started = performance.now();
  const ramp = options.rampMs ?? 1000;
  const end = started + (options.durationMs ?? Infinity);
  const over = () => Date.now() > deadline || performance.now() >= end;
  const ticker = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    const of = timed ? ` of ${((options.durationMs as number) / 1000).toFixed(0)} s` : '';
    options.progress.tick(`${options.label}: ${done}${expected ? `/${expected}` : ''} turns, ${failed} failed, ${(done / Math.max(seconds, 0.001)).toFixed(0)} turns/s, ${seconds.toFixed(1)} s${of}`);
  }, 250);
  try {
    const perUser = await Promise.all(
      Array.from({ length: options.users }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, (index * ramp) / options.users));
        const mine: UserOutcome[] = [];
        // Each conversation is a new person opening a new chat on the same connection, with the next script.
        for (let round = 0; (round === 0 || timed) && !over(); round++) {
          mine.push(
            await runUser({
              client,
              script: scripts[(index + round) % scripts.length],
              index: person++,
              stopped: over,
              debug: index === 0 && round === 0 && process.env.BENCH_DEBUG === '1',
              onTurn: (turn) => {
                done += 1;
                if (!turn.ok) failed += 1;
              },
            }),
          );
        }
        return mine;
      }),
    );
    const wallMs = performance.now() - started;
    const outcomes = perUser.flat();
    if (!timed || end - started <= ramp) return summarizeLoad(outcomes, wallMs, options.users, Date.now() > deadline);
    // Only the turns started while every user was under way: not the ramp, not the stragglers.
    const from = started + ramp;
    for (const turn of outcomes.flatMap((o) => o.turns)) turn.measured = turn.startedAt >= from && turn.startedAt < end;
    return summarizeLoad(outcomes, wallMs, options.users, Date.now() > deadline, end - from);
  } finally {
    clearInterval(ticker);
    options.progress.endTick();
    client.close();
  }
}

/**
 * The figures of a load from its conversations; also pools several loads' conversations into one
 * (`measuredMs` then adds up theirs). Turns not marked otherwise are measured, over `measuredMs`.
 */
export function summarizeLoad(outcomes: UserOutcome[], wallMs: number, users: number, timedOut: boolean, measuredMs = wallMs): LoadResult {
  const turns = outcomes.flatMap((o) => o.turns);
  const measured = turns.filter((t) => t.measured !== false);
  const complete = outcomes.filter((o) => o.complete);
  return {
    users,
    conversations: outcomes.length,
    completed: complete.length,
    turns: turns.length,
    measuredTurns: measured.length,
    measuredMs,
    failed: turns.filter((t) => !t.ok).length,
    wallMs,
    turnsPerSecond: measured.length / (measuredMs / 1000),
    latency: summarize(measured.map((t) => t.ms)),
    byKind: latencyByKind(measured),
    // Of the conversations played to the end: one cut off by the end of a phase proves nothing.
    reached: {
      flowSteps: complete.filter((o) => o.maxStep >= 3).length,
      handoffQueued: complete.filter((o) => o.handoffQueued).length,
      receipt: complete.filter((o) => o.receipt).length,
    },
    timedOut,
    errors: [...new Set(outcomes.flatMap((o) => o.errors))].slice(0, 5),
    outcomes,
  };
}

/** Picks of quick replies are grouped as one kind; free-text requests and answers each by their text. */
function latencyByKind(turns: TurnRecord[]): [string, LatencySummary][] {
  const groups = new Map<string, number[]>();
  for (const t of turns) {
    const kind = t.label.startsWith('(picks)') ? '(picks a quick reply)' : t.label;
    groups.set(kind, [...(groups.get(kind) ?? []), t.ms]);
  }
  return [...groups].map(([k, v]): [string, LatencySummary] => [k, summarize(v)]).sort((a, b) => b[1].p99 - a[1].p99);
}
