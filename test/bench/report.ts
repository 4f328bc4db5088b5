import { serverNodeFlags } from './child-control';
import os from 'node:os';
import type { SideResult } from './comparison';
import type { ClassifyFigures, RedactionFigures } from './micro';
import type { ScaleResult } from './scale';
import { round } from './stats';

export const GOALS = {
  throughputShareOfFloor: 0.5,
  p99TimesFloor: 3,
  readsPerTurn: 2,
  writesPerTurn: 3,
  queueListingP99Ms: 50,
  rssMb: 300,
  /** The router trains at every start: the server should answer within seconds of a restart. */
  nluTrainingMs: 2000,
  classifyP50Ms: 5,
  /**
   * "A turn costs the same" at the largest scale point as at the smallest: server CPU per turn
   * within this factor (latency on a shared 2-core machine varies with whatever else runs)...
   */
  scaleCostFactor: 1.25,
  /** ...and storage operations per turn within this many. */
  scaleOpsSlack: 0.5,
} as const;

export interface Goal {
  name: string;
  pass: boolean;
  detail: string;
}

export interface BenchResults {
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; nodeFlags: string; platform: string; date: string; loadAverage: { start: number; end: number } };
  options: Record<string, unknown>;
  floor: SideResult;
  helpline: SideResult;
  /** cpuCapacity: floor CPU ms per turn / Helpline CPU ms per turn, the throughput share an idle machine would give. */
  ratios: { throughput: number; p50: number; p99: number; cpuCapacity: number; pairs: { throughput: number; p50: number; p99: number }[] };
  classify: ClassifyFigures;
  redaction: RedactionFigures;
  scale?: ScaleResult;
  cosmos?: SideResult;
  goals: Goal[];
  durationMs: number;
}

export function machine(loadAtStart: number): BenchResults['machine'] {
  return {
    loadAverage: { start: round(loadAtStart), end: round(os.loadavg()[0]) },
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    node: process.version,
    nodeFlags: serverNodeFlags().join(' '),
    platform: `${os.platform()} ${os.release()}`,
    date: new Date().toISOString(),
  };
}

export function evaluateGoals(r: Omit<BenchResults, 'goals' | 'durationMs'>): Goal[] {
  const { floor, helpline } = r;
  const goals: Goal[] = [
    {
      name: `throughput >= ${GOALS.throughputShareOfFloor * 100}% of floor`,
      pass: r.ratios.throughput >= GOALS.throughputShareOfFloor,
      detail: `${helpline.load.turnsPerSecond.toFixed(0)} vs ${floor.load.turnsPerSecond.toFixed(0)} turns/s = ${(r.ratios.throughput * 100).toFixed(1)}%`,
    },
    {
      name: `p99 <= ${GOALS.p99TimesFloor}x floor p99 at ${helpline.load.users} conversations`,
      pass: r.ratios.p99 <= GOALS.p99TimesFloor,
      detail: `${helpline.load.latency.p99} vs ${floor.load.latency.p99} ms = ${r.ratios.p99.toFixed(1)}x`,
    },
    { name: `<= ${GOALS.readsPerTurn} storage reads per turn`, pass: helpline.readsPerTurn <= GOALS.readsPerTurn, detail: `${helpline.readsPerTurn} (floor ${floor.readsPerTurn})` },
    { name: `<= ${GOALS.writesPerTurn} storage writes per turn`, pass: helpline.writesPerTurn <= GOALS.writesPerTurn, detail: `${helpline.writesPerTurn} (floor ${floor.writesPerTurn})` },
    { name: `NLU training at start < ${GOALS.nluTrainingMs / 1000} s, classify p50 < ${GOALS.classifyP50Ms} ms`, pass: r.classify.trainingMs < GOALS.nluTrainingMs && r.classify.p50Ms < GOALS.classifyP50Ms, detail: `${r.classify.trainingMs} ms, p50 ${r.classify.p50Ms} ms` },
  ];
  const points = r.scale?.points ?? [];
  if (points.length >= 2) {
    const [first, last] = [points[0], points[points.length - 1]];
    const costFactor = last.cpuMsPerTurn / Math.max(0.001, first.cpuMsPerTurn);
    const opsDelta = Math.max(Math.abs(last.readsPerTurn - first.readsPerTurn), Math.abs(last.writesPerTurn - first.writesPerTurn));
    goals.push({
      name: `a turn costs the same at ${last.conversations} as at ${first.conversations} stored conversations`,
      pass: costFactor <= GOALS.scaleCostFactor && opsDelta <= GOALS.scaleOpsSlack,
      detail: `CPU ${first.cpuMsPerTurn} -> ${last.cpuMsPerTurn} ms/turn (x${costFactor.toFixed(2)}), reads ${first.readsPerTurn} -> ${last.readsPerTurn}, writes ${first.writesPerTurn} -> ${last.writesPerTurn} per turn (p50 ${first.turn.p50} -> ${last.turn.p50} ms)`,
    });
  }
  for (const p of points) {
    if (p.queue) {
      goals.push({
        name: `queue listing p99 < ${GOALS.queueListingP99Ms} ms (${p.conversations} conversations, ${p.queue.listed} waiting)`,
        pass: p.queue.latency.p99 < GOALS.queueListingP99Ms && p.queue.failed === 0,
        detail: `p50 ${p.queue.latency.p50} ms, p99 ${p.queue.latency.p99} ms${p.queue.failed ? `, ${p.queue.failed} failed` : ''}`,
      });
    }
  }
  if (points.length > 0) {
    // The servers only served (seeding ran in a separate process while they were stopped): their peak from start is the figure.
    const at = (pick: (p: (typeof points)[number]) => number) => Math.max(...points.map(pick));
    const peak = at((p) => p.peakRssMb);
    goals.push({
      name: `RSS < ${GOALS.rssMb} MB through the scale curve (serving)`,
      pass: peak < GOALS.rssMb,
      detail: `server peak ${peak} MB from start (during the load alone at most ${at((p) => p.loadPeakRssMb)} MB, live heap after GC at most ${at((p) => p.liveHeapMb)} MB; the seeder process, not counted, ${at((p) => p.seedingPeakRssMb)} MB)`,
    });
  } else {
    goals.push({ name: `RSS < ${GOALS.rssMb} MB (main load)`, pass: helpline.peakRssMb < GOALS.rssMb, detail: `peak ${helpline.peakRssMb} MB` });
  }
  return goals;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);
const padEnd = (s: string | number, n: number) => String(s).padEnd(n);

export function formatResults(r: BenchResults): string {
  const { floor, helpline } = r;
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`Helpline benchmark - ${m.date}`);
  lines.push(`machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB, Node ${m.node}, ${m.platform}; load average ${m.loadAverage.start} at start, ${m.loadAverage.end} at end`);
  lines.push(`servers run with the Node flags of npm start: ${m.nodeFlags || '(none)'}`);
  if (Math.max(m.loadAverage.start, m.loadAverage.end) > m.cpus) {
    lines.push(`NOTE: the machine was busy with other work (load average above ${m.cpus}): turns/s and latencies are noisy; CPU ms/turn is the steadier figure.`);
  }
  lines.push(
    `load: ${helpline.load.users} concurrent conversations over POST /api/messages (expectReplies), closed loop without think time, loopback keep-alive;` +
      ` ${r.ratios.pairs.length} measured phase(s) per side of ${(helpline.load.wallMs / r.ratios.pairs.length / 1000).toFixed(1)} s, floor and helpline taking turns, figures pooled;` +
      ` turns/s and latencies over the turns started with all conversations under way (after the 1 s ramp, before the phase ended), storage operations and CPU over all turns;` +
      ` floor = echo bot on the same restify + CloudAdapter stack with ConversationState over StoreBotStorage(SqliteStore)`,
  );
  lines.push('');
  const header = `${padEnd('', 20)}${pad('turns', 7)}${pad('turns/s', 9)}${pad('p50 ms', 9)}${pad('p95 ms', 9)}${pad('p99 ms', 9)}${pad('peak RSS MB', 13)}${pad('reads/turn', 12)}${pad('writes/turn', 13)}${pad('CPU ms/turn', 13)}${pad('failed', 8)}`;
  lines.push(header);
  const row = (name: string, s: SideResult) =>
    `${padEnd(name, 20)}${pad(s.load.turns, 7)}${pad(s.load.turnsPerSecond.toFixed(0), 9)}${pad(s.load.latency.p50.toFixed(1), 9)}${pad(s.load.latency.p95.toFixed(1), 9)}${pad(s.load.latency.p99.toFixed(1), 9)}${pad(s.peakRssMb, 13)}${pad(s.readsPerTurn, 12)}${pad(s.writesPerTurn, 13)}${pad(s.cpuMsPerTurn.toFixed(1), 13)}${pad(s.load.failed, 8)}`;
  lines.push(row(`floor (${floor.store})`, floor));
  lines.push(row(`helpline (${helpline.store})`, helpline));
  lines.push(
    `${padEnd('helpline / floor', 20)}${pad('', 7)}${pad(`${(r.ratios.throughput * 100).toFixed(0)}%`, 9)}${pad(`${r.ratios.p50.toFixed(1)}x`, 9)}${pad('', 9)}${pad(`${r.ratios.p99.toFixed(1)}x`, 9)}${pad(`${(helpline.peakRssMb / Math.max(1, floor.peakRssMb)).toFixed(1)}x`, 13)}${pad(`${(helpline.readsPerTurn / Math.max(0.01, floor.readsPerTurn)).toFixed(1)}x`, 12)}${pad(`${(helpline.writesPerTurn / Math.max(0.01, floor.writesPerTurn)).toFixed(1)}x`, 13)}${pad(`${(helpline.cpuMsPerTurn / Math.max(0.01, floor.cpuMsPerTurn)).toFixed(1)}x`, 13)}`,
  );
  if (r.cosmos) lines.push(row(`helpline (cosmos)`, r.cosmos));
  lines.push(`RSS of the idle server after start: floor ${floor.startRssMb} MB, helpline ${helpline.startRssMb} MB; live heap after the load (after a full GC): floor ${floor.liveHeapMb} MB, helpline ${helpline.liveHeapMb} MB; server start ${(helpline.startMs / 1000).toFixed(1)} s (NLU training included)`);
  if (r.ratios.pairs.length > 1) {
    lines.push(`each pair of phases on its own (floor and helpline measured one after the other): turns/s share ${r.ratios.pairs.map((p) => `${(p.throughput * 100).toFixed(0)}%`).join(', ')}; p99 ${r.ratios.pairs.map((p) => `${p.p99.toFixed(1)}x`).join(', ')}`);
  }
  lines.push(`CPU-based capacity (floor CPU/turn / helpline CPU/turn): ${(r.ratios.cpuCapacity * 100).toFixed(0)}% of floor, what the turns/s share would be on an otherwise idle machine with the client elsewhere`);
  const reached = helpline.load.reached;
  lines.push('');
  const completed = helpline.load.completed;
  lines.push(
    `helpline conversations played to the end: ${completed} of ${helpline.load.conversations} started (the others were under way when a phase ended); of those, reached flow step 3+ ${reached.flowSteps}, a queued handoff ${reached.handoffQueued}, an opt-out receipt ${reached.receipt}${helpline.technicianApi ? '' : ' (technician API not mounted)'}`,
  );
  if (helpline.load.errors.length) lines.push(`errors seen: ${helpline.load.errors.join('; ')}`);
  lines.push('helpline latency by kind of turn (ms, p50 / p99):');
  lines.push(`  ${helpline.load.byKind.map(([k, l]) => `${k} ${l.p50.toFixed(0)} / ${l.p99.toFixed(0)} (${l.count})`).join('; ')}`);
  lines.push('');
  lines.push(`storage operations per turn are those done inside POST /api/messages; background jobs meanwhile: floor ${floor.background.readsPerSecond} reads/s + ${floor.background.writesPerSecond} writes/s, helpline ${helpline.background.readsPerSecond} reads/s + ${helpline.background.writesPerSecond} writes/s`);
  lines.push('storage operations per turn, helpline (sqlite), by container/operation/key kind:');
  for (const [k, v] of helpline.perTurn.slice(0, 16)) lines.push(`  ${padEnd(k, 44)}${pad(v.toFixed(2), 7)}`);
  if (helpline.backgroundOps.length) lines.push(`  background during the phase (count): ${helpline.backgroundOps.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  for (const side of [floor, helpline]) {
    if (!side.cpuShares) continue;
    lines.push(`where ${side.name}'s CPU went (${side.cpuMsPerTurn} ms/turn; BENCH_PROFILE): ${side.cpuShares.slice(0, 12).map(([k, v]) => `${k} ${v}%`).join(', ')}`);
  }
  for (const side of [floor, helpline]) {
    if (!side.allocations) continue;
    lines.push(`what ${side.name} allocated (BENCH_HEAP): ${side.allocations.kbPerTurn} KB/turn; most by ${side.allocations.byFunction.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  if (r.cosmos) {
    lines.push(
      `storage operations per turn on Cosmos DB: ${r.cosmos.readsPerTurn} reads, ${r.cosmos.writesPerTurn} writes` +
        (r.cosmos.documentRequestsPerTurn !== undefined ? `, ${r.cosmos.documentRequestsPerTurn} document requests (HTTP) per turn` : '') +
        ` (${r.cosmos.load.turns} turns, ${r.cosmos.load.users} conversations; the in-process emulator is slow, so its latencies say little)`,
    );
  }
  lines.push('');
  lines.push(`classify (Router.classify, ${r.classify.utterances} held-out utterances x ${r.classify.passes}): p50 ${r.classify.p50Ms} ms, p99 ${r.classify.p99Ms} ms, ${r.classify.perSecond}/s (training at start ${r.classify.trainingMs} ms)`);
  lines.push(`redaction (redactAll, ${r.redaction.lines} labelled lines): ${r.redaction.linesPerSecond} lines/s, ${r.redaction.kilobytesPerSecond} KB/s, p50 ${r.redaction.p50Ms} ms, p99 ${r.redaction.p99Ms} ms; a 10,000-char message ${r.redaction.longMessageMs} ms`);
  if (r.scale) {
    lines.push('');
    lines.push(`scale curve (SQLite; template conversation = ${r.scale.template.rows} records; ${r.scale.points[0]?.openHandoffs ?? 0} open handoffs queued in ${r.scale.handoffSeedMs} ms):`);
    lines.push(`${padEnd('stored convs', 14)}${pad('seed rows/s', 12)}${pad('turns/s', 9)}${pad('CPU ms', 8)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('reads/turn', 12)}${pad('writes/turn', 13)}${pad('queue p50', 11)}${pad('queue p99', 11)}${pad('waiting', 9)}${pad('list reads', 11)}${pad('bg ops/s', 10)}${pad('start RSS', 11)}${pad('peak RSS', 10)}${pad('load RSS', 10)}${pad('live heap', 11)}${pad('seeder RSS', 12)}`);
    for (const p of r.scale.points) {
      lines.push(
        `${padEnd(p.conversations, 14)}${pad(p.seedRowsPerSecond, 12)}${pad(p.turnsPerSecond.toFixed(0), 9)}${pad(p.cpuMsPerTurn, 8)}${pad(p.turn.p50.toFixed(1), 9)}${pad(p.turn.p99.toFixed(1), 9)}${pad(p.readsPerTurn, 12)}${pad(p.writesPerTurn, 13)}${pad(p.queue ? p.queue.latency.p50.toFixed(1) : 'n/a', 11)}${pad(p.queue ? p.queue.latency.p99.toFixed(1) : 'n/a', 11)}${pad(p.queue?.listed ?? 'n/a', 9)}${pad(p.listingOps?.reads ?? 'n/a', 11)}${pad(p.backgroundOpsPerSecond, 10)}${pad(p.startRssMb, 11)}${pad(p.peakRssMb, 10)}${pad(p.loadPeakRssMb, 10)}${pad(p.liveHeapMb, 11)}${pad(p.seedingPeakRssMb, 12)}`,
      );
    }
    lines.push(
      '  RSS in MB of a server restarted over each level\'s stored data, which it only serves: at start, peak from start through warm-up, load and queue listings,' +
        ' peak during the measured load alone (no listings), live heap after GC; seeder RSS = the separate process that wrote the records while the server was stopped',
    );
    const renewed = r.scale.points.filter((p) => !p.technicianSessionKept).length;
    if (renewed > 0) lines.push(`  the technician signed in again after ${renewed} restart(s): the stored session did not carry over`);
  }
  lines.push('');
  lines.push('goals:');
  for (const g of r.goals) lines.push(`  ${g.pass ? 'PASS' : 'MISS'}  ${padEnd(g.name, 72)} ${g.detail}`);
  lines.push('');
  lines.push(`took ${(r.durationMs / 1000).toFixed(0)} s`);
  return lines.join('\n');
}
