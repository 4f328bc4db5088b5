/*
 * `npm run bench` (= npm run build && node dist/test/bench/run.js [options]; --help lists them).
 * Helpline against the floor of its own stack under the same scripted load, classify and
 * redaction throughput, the scale curve and the Cosmos DB phase (--quick skips those two). Prints a
 * table on stdout, progress on stderr, and writes the results as JSON (bench-results/latest.json).
 * Goals are reported PASS/MISS; the exit code is 0 whatever they say (2 if the bench itself failed).
 */
import '../../src/load-env';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fromRoot } from '../../src/paths';
import { measurePhase, measureSide, openSide, sideResult, type OpenSide, type Phase, type SideOptions } from './comparison';
import { benchClassify, benchRedaction } from './micro';
import { parseOptions, type BenchOptions } from './options';
import { Progress } from './progress';
import type { LoadResult } from './load';
import { evaluateGoals, formatResults, machine, type BenchResults } from './report';
import { runScale } from './scale';
import { round } from './stats';

async function main(options: BenchOptions): Promise<void> {
  const started = Date.now();
  const loadAtStart = os.loadavg()[0];
  const progress = new Progress();
  // Enough conversations for V8 to have compiled the hot paths of both servers before the clock starts.
  const warmupUsers = Math.min(30, options.users);
  progress.phase(`Helpline bench: ${options.users} concurrent conversations${options.scale ? `, scale curve ${options.levels.join('/')}, Cosmos with ${options.cosmosUsers}` : ''}`);

  const { floor, helpline, pairs } = await compare(options, warmupUsers, progress);

  progress.phase('classify: Router.classify over the held-out set');
  const classify = await benchClassify();
  progress.phase('redaction: redactAll over the labelled lines');
  const redaction = benchRedaction();

  const scale = options.scale
    ? await runScale({ levels: options.levels, users: options.scaleUsers, openHandoffs: options.openHandoffs, timeLimitMs: options.timeLimitMs, progress })
    : undefined;
  const cosmos = options.scale
    ? (await measureSide({ mode: 'helpline', store: 'cosmos', users: options.cosmosUsers, warmupUsers: 1, timeLimitMs: options.timeLimitMs, progress })).result
    : undefined;

  const partial = {
    machine: machine(loadAtStart),
    options: { ...options },
    floor,
    helpline,
    ratios: {
      ...ratiosOf(helpline.load, floor.load),
      cpuCapacity: round(floor.cpuMsPerTurn / Math.max(0.001, helpline.cpuMsPerTurn), 3),
      pairs,
    },
    classify,
    redaction,
    scale,
    cosmos,
  };
  const results: BenchResults = { ...partial, goals: evaluateGoals(partial), durationMs: Date.now() - started };
  progress.phase('done');

  const out = path.isAbsolute(options.out) ? options.out : fromRoot(options.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${formatResults(results)}\nresults: ${path.relative(process.cwd(), out)}\n`);
}

/**
 * Helpline against the floor: both servers started and warmed up once, then `pairs` measured
 * phases each, taking turns (floor first in odd pairs, Helpline first in even ones). The side
 * that waits is frozen (SIGSTOP), so its background jobs do not run during the other's phase.
 * Turns, time and operations are pooled per side; each pair's own ratios are kept too, to show
 * how much they spread.
 */
async function compare(options: BenchOptions, warmupUsers: number, progress: Progress) {
  const side = (mode: SideOptions['mode']): SideOptions => ({ mode, store: 'sqlite', users: options.users, phaseMs: options.phaseMs, warmupUsers, timeLimitMs: options.timeLimitMs, progress });
  const floor = await openSide(side('floor'));
  floor.server.pause();
  let helpline: OpenSide | undefined;
  try {
    helpline = await openSide(side('helpline'));
    helpline.server.pause();
    const floorPhases: Phase[] = [];
    const helplinePhases: Phase[] = [];
    const pairs: ReturnType<typeof ratiosOf>[] = [];
    const measured = async (s: OpenSide, pair: number): Promise<Phase> => {
      s.server.resume();
      try {
        return await measurePhase(s, `${s.options.mode} ${pair}/${options.pairs}`);
      } finally {
        s.server.pause();
      }
    };
    for (let pair = 1; pair <= options.pairs; pair++) {
      let f: Phase;
      let h: Phase;
      if (pair % 2 === 1) {
        f = await measured(floor, pair);
        h = await measured(helpline, pair);
      } else {
        h = await measured(helpline, pair);
        f = await measured(floor, pair);
      }
      floorPhases.push(f);
      helplinePhases.push(h);
      pairs.push(ratiosOf(h.load, f.load));
    }
    return { floor: sideResult(floor, floorPhases), helpline: sideResult(helpline, helplinePhases), pairs };
  } finally {
    await floor.server.stop();
    await helpline?.server.stop();
  }
}

/** Helpline's load figures over the floor's: its share of the turns/s and its latencies as multiples. */
function ratiosOf(helpline: Pick<LoadResult, 'turnsPerSecond' | 'latency'>, floor: Pick<LoadResult, 'turnsPerSecond' | 'latency'>) {
  return {
    throughput: round(helpline.turnsPerSecond / Math.max(0.001, floor.turnsPerSecond), 3),
    p50: round(helpline.latency.p50 / Math.max(0.001, floor.latency.p50), 2),
    p99: round(helpline.latency.p99 / Math.max(0.001, floor.latency.p99), 2),
  };
}

let options: BenchOptions;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
}
main(options).catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 2;
});
