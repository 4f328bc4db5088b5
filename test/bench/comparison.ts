import type { StoreOperationCounts } from '../../src/services/storage/counting-store';
import type { Breakdown, Scope } from './breakdown-store';
import { startBenchServer, type BenchServer, type Counts } from './child-control';
import { runLoad, summarizeLoad, type LoadResult } from './load';
import type { Progress } from './progress';
import { mb, round } from './stats';
import { signInTechnician } from './technician';
import type { ScriptLine } from './users';

export interface SideResult {
  name: string;
  store: 'sqlite' | 'cosmos';
  startMs: number;
  load: Omit<LoadResult, 'outcomes'>;
  peakRssMb: number;
  /** Heap still in use after a full GC at the end of the phase. */
  liveHeapMb: number;
  /** RSS of the idle server right after start. */
  startRssMb: number;
  /** Store reads (get + query) and writes (put + delete) done inside /api/messages requests, per turn. */
  readsPerTurn: number;
  writesPerTurn: number;
  /** Operations outside any request (background jobs: queue updates, retention purge), per second of the phase. */
  background: { readsPerSecond: number; writesPerSecond: number };
  /** Server CPU time per turn: what a turn costs regardless of how busy the machine was. */
  cpuMsPerTurn: number;
  /** Cosmos only: HTTP document requests the store made per turn (queries and retries included). */
  documentRequestsPerTurn?: number;
  /** With BENCH_PROFILE=1: share of server CPU by component during the measured phase. */
  cpuShares?: [string, number][];
  /** With BENCH_HEAP: bytes the server allocated per turn (KB, freed or not), and the functions allocating most (KB/turn). */
  allocations?: { kbPerTurn: number; byFunction: [string, number][] };
  totals: StoreOperationCounts;
  /** Turn operations per turn by "container op kind", largest first. */
  perTurn: [string, number][];
  /** Background operations during the phase by "container op kind", largest first. */
  backgroundOps: [string, number][];
  technicianApi: boolean;
}

export interface SideOptions {
  mode: 'helpline' | 'floor';
  store: 'sqlite' | 'cosmos';
  users: number;
  warmupUsers: number;
  /** Length of a measured phase (see LoadOptions.durationMs); without it each user has one conversation. The warm-up has one each. */
  phaseMs?: number;
  timeLimitMs: number;
  progress: Progress;
  scripts?: ScriptLine[][];
  /** Keeps the server running for more phases (the caller stops it). */
  keep?: boolean;
}

/** A side's server, started and warmed up, ready for measured phases. */
export interface OpenSide {
  options: SideOptions;
  server: BenchServer;
  technicianApi: boolean;
  /** People (simulated users' conversations) this server has seen so far: each load brings new ones. */
  people: number;
}

/** One measured phase of a side: the load it carried and what the server counted meanwhile. */
export interface Phase {
  load: LoadResult;
  counts: Counts;
}

/**
 * Starts a side's server process, signs a technician in (Helpline) and warms it up (JIT, caches,
 * SQLite pages), so what follows measures the steady state.
 */
export async function openSide(options: SideOptions): Promise<OpenSide> {
  const { progress } = options;
  const name = sideName(options);
  progress.phase(`${name} (${options.store}): starting the server`);
  const server = await startBenchServer(options.mode, options.store);
  try {
    const technicianApi = options.mode === 'helpline' ? (await signInTechnician(server)) !== undefined : false;
    progress.phase(`${name} (${options.store}): warm-up with ${options.warmupUsers} conversations`);
    const warmup = await runLoad({ url: server.url, users: options.warmupUsers, label: `${name} warm-up`, progress, timeLimitMs: options.timeLimitMs, scripts: options.scripts });
    return { options, server, technicianApi, people: warmup.conversations };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Zeroes the server's counters, runs the measured load, and reads the counters back. */
export async function measurePhase(side: OpenSide, label = sideName(side.options)): Promise<Phase> {
  const { options, server } = side;
  await server.reset();
  options.progress.phase(`${label} (${options.store}): ${options.users} concurrent conversations`);
  const load = await runLoad({ url: server.url, users: options.users, durationMs: options.phaseMs, firstIndex: side.people, label, progress: options.progress, timeLimitMs: options.timeLimitMs, scripts: options.scripts });
  side.people += load.conversations;
  return { load, counts: await server.counts() };
}

/** One side's figures, pooled over its phases (turns, time and operations added up, latencies over all turns). */
export function sideResult(side: OpenSide, phases: Phase[]): SideResult {
  const { options, server } = side;
  const load = summarizeLoad(
    phases.flatMap((p) => p.load.outcomes),
    phases.reduce((sum, p) => sum + p.load.wallMs, 0),
    options.users,
    phases.some((p) => p.load.timedOut),
    phases.reduce((sum, p) => sum + p.load.measuredMs, 0),
  );
  const breakdown: Breakdown = {};
  for (const p of phases) for (const [k, v] of Object.entries(p.counts.breakdown)) breakdown[k] = (breakdown[k] ?? 0) + v;
  const totals = { ...phases[0].counts.totals };
  for (const p of phases.slice(1)) for (const k of Object.keys(totals) as (keyof StoreOperationCounts)[]) totals[k] += p.counts.totals[k];
  const cpuMs = phases.reduce((sum, p) => sum + p.counts.cpuMs, 0);
  const documentRequests = phases[0].counts.documentRequests === undefined ? undefined : phases.reduce((sum, p) => sum + (p.counts.documentRequests ?? 0), 0);
  return {
    name: sideName(options),
    store: options.store,
    startMs: server.startMs,
    load: withoutOutcomes(load),
    peakRssMb: mb(Math.max(...phases.map((p) => p.counts.peakRss))),
    startRssMb: mb(server.startRss),
    liveHeapMb: mb(phases[phases.length - 1].counts.liveHeap),
    readsPerTurn: round(opsOf(breakdown, 'turn').reads / Math.max(1, load.turns)),
    writesPerTurn: round(opsOf(breakdown, 'turn').writes / Math.max(1, load.turns)),
    background: {
      readsPerSecond: round(opsOf(breakdown, 'background').reads / (load.wallMs / 1000), 1),
      writesPerSecond: round(opsOf(breakdown, 'background').writes / (load.wallMs / 1000), 1),
    },
    cpuMsPerTurn: round(cpuMs / Math.max(1, load.turns)),
    documentRequestsPerTurn: documentRequests === undefined ? undefined : round(documentRequests / Math.max(1, load.turns)),
    cpuShares: pooledShares(phases),
    allocations: pooledAllocations(phases, load.turns),
    totals,
    perTurn: perTurn(breakdown, load.turns),
    backgroundOps: perTurn(breakdown, 1, 'background').slice(0, 8),
    technicianApi: side.technicianApi,
  };
}

/** One side measured in one phase, its server stopped afterwards unless `keep`. */
export async function measureSide(options: SideOptions): Promise<{ result: SideResult; server: BenchServer }> {
  const side = await openSide(options);
  try {
    const result = sideResult(side, [await measurePhase(side)]);
    if (!options.keep) await side.server.stop();
    return { result, server: side.server };
  } catch (error) {
    await side.server.stop();
    throw error;
  }
}

function sideName(options: SideOptions): string {
  return options.mode === 'floor' ? 'floor' : 'helpline';
}

/** Profile shares of several phases, each weighted by the CPU time it took. */
function pooledShares(phases: Phase[]): [string, number][] | undefined {
  if (!phases.some((p) => p.counts.cpuShares)) return undefined;
  const total = phases.reduce((sum, p) => sum + p.counts.cpuMs, 0);
  const pooled = new Map<string, number>();
  for (const p of phases) for (const [k, v] of p.counts.cpuShares ?? []) pooled.set(k, (pooled.get(k) ?? 0) + (v * p.counts.cpuMs) / Math.max(1, total));
  return [...pooled].map(([k, v]): [string, number] => [k, round(v, 1)]).sort((a, b) => b[1] - a[1]).slice(0, 20);
}

/** Allocations of several phases, added up and divided by all their turns. */
function pooledAllocations(phases: Phase[], turns: number): SideResult['allocations'] {
  if (!phases.some((p) => p.counts.allocations)) return undefined;
  const perTurn = (bytes: number) => round(bytes / 1024 / Math.max(1, turns), 1);
  const byFunction = new Map<string, number>();
  for (const p of phases) for (const [k, v] of p.counts.allocations?.byFunction ?? []) byFunction.set(k, (byFunction.get(k) ?? 0) + v);
  return {
    kbPerTurn: perTurn(phases.reduce((sum, p) => sum + (p.counts.allocations?.bytes ?? 0), 0)),
    byFunction: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]): [string, number] => [k, perTurn(v)]),
  };
}

/** Reads and writes of one scope. */
export function opsOf(breakdown: Breakdown, scope: Scope): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (const [name, n] of Object.entries(breakdown)) {
    const [s, what] = name.split('|');
    if (s !== scope) continue;
    const op = what.split(' ')[1];
    if (op === 'get' || op === 'query' || op === 'count') reads += n;
    else writes += n;
  }
  return { reads, writes };
}

/** Operations of one scope per turn, by "container op kind", largest first. */
export function perTurn(breakdown: Breakdown, turns: number, scope: Scope = 'turn'): [string, number][] {
  return Object.entries(breakdown)
    .filter(([k]) => k.startsWith(`${scope}|`))
    .map(([k, v]): [string, number] => [k.slice(scope.length + 1), round(v / Math.max(1, turns))])
    .sort((a, b) => b[1] - a[1]);
}

function withoutOutcomes(load: LoadResult): Omit<LoadResult, 'outcomes'> {
  const { outcomes: _outcomes, ...rest } = load;
  return rest;
}
