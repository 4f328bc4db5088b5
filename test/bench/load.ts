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
   * Conversations each user has, one after another (default 1). More than one keeps all `users`
   * busy long enough that the measurement is the steady state, not the ramp-up and the last
   * stragglers.
   */
  rounds?: number;
  /**
   * Number of the first simulated person (default 0): names and email addresses follow it, so
   * successive loads on one server can each bring new people rather than returning ones.
   */
  firstIndex?: number;
}

export interface LoadResult {
  users: number;
  /** Conversations played (users x rounds, fewer if the time limit stopped them). */
  conversations: number;
  turns: number;
  failed: number;
  wallMs: number;
  turnsPerSecond: number;
  latency: LatencySummary;
  /** Latency by kind of turn (free-text requests, quick-reply picks, answers), slowest p99 first. */
  byKind: [string, LatencySummary][];
  /** How far the conversations got: proof the bench exercised the features, not error paths. */
  reached: { flowSteps: number; handoffQueued: number; receipt: number };
  timedOut: boolean;
  errors: string[];
  outcomes: UserOutcome[];
}

/**
 * `users` simulated users at once (starting over a one-second ramp), each playing a whole
 * scripted conversation with no think time (a closed loop: every user sends its next message as
 * soon as the reply arrives), so the server runs saturated and the turn rate is its capacity.
 * Bounded by the scripts' length and a time limit.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const scripts = options.scripts ?? SCRIPTS;
  const client = new LoopbackClient(options.url, options.users);
  const rounds = options.rounds ?? 1;
  const expected = Array.from({ length: options.users * rounds }, (_, i) => scripts[i % scripts.length].length).reduce((a, b) => a + b, 0);
  // A channel keeps a warm pool of keep-alive connections to the bot; open them before the clock starts.
  await Promise.all(Array.from({ length: options.users }, () => client.request('GET', '/health')));
  const deadline = Date.now() + (options.timeLimitMs ?? 120_000);
  let done = 0;
  let failed = 0;
  const started = performance.now();
  const ticker = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    options.progress.tick(`${options.label}: ${done}/${expected} turns, ${failed} failed, ${(done / Math.max(seconds, 0.001)).toFixed(0)} turns/s, ${seconds.toFixed(1)} s`);
  }, 250);
  try {
    const ramp = options.rampMs ?? 1000;
    const perUser = await Promise.all(
      Array.from({ length: options.users }, async (_, index) => {
        await new Promise((resolve) => setTimeout(resolve, (index * ramp) / options.users));
        const mine: UserOutcome[] = [];
        // Each round is a new person opening a new chat on the same connection, with the next script.
        for (let round = 0; round < rounds && Date.now() <= deadline; round++) {
          mine.push(
            await runUser({
              client,
              script: scripts[(index + round) % scripts.length],
              index: (options.firstIndex ?? 0) + index + round * options.users,
              stopped: () => Date.now() > deadline,
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
    return summarizeLoad(perUser.flat(), performance.now() - started, options.users, Date.now() > deadline);
  } finally {
    clearInterval(ticker);
    options.progress.endTick();
    client.close();
  }
}

/** The figures of a load from its conversations; also pools several loads' conversations into one. */
export function summarizeLoad(outcomes: UserOutcome[], wallMs: number, users: number, timedOut: boolean): LoadResult {
  const turns = outcomes.flatMap((o) => o.turns);
  return {
    users,
    conversations: outcomes.length,
    turns: turns.length,
    failed: turns.filter((t) => !t.ok).length,
    wallMs,
    turnsPerSecond: turns.length / (wallMs / 1000),
    latency: summarize(turns.map((t) => t.ms)),
    byKind: latencyByKind(turns),
    reached: {
      flowSteps: outcomes.filter((o) => o.maxStep >= 3).length,
      handoffQueued: outcomes.filter((o) => o.handoffQueued).length,
      receipt: outcomes.filter((o) => o.receipt).length,
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
