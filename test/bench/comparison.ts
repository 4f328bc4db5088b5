import type { StoreOperationCounts } from '../../src/services/storage/counting-store';
import type { Breakdown, Scope } from './breakdown-store';
import { startBenchServer, type BenchServer } from './child-control';
import { runLoad, type LoadResult } from './load';
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
  /** Conversations per user in the measured load (the warm-up has one each). */
  rounds?: number;
  timeLimitMs: number;
  progress: Progress;
  scripts?: ScriptLine[][];
  /** Keeps the server running for more phases (the caller stops it). */
  keep?: boolean;
}

/**
 * One side of a comparison: start the server process, sign a technician in (Helpline),
 * warm up (JIT, caches, SQLite pages), zero the counters, then the measured load.
 */
export async function measureSide(options: SideOptions): Promise<{ result: SideResult; server: BenchServer }> {
  const { progress } = options;
  const name = options.mode === 'floor' ? 'floor' : 'helpline';
  progress.phase(`${name} (${options.store}): starting the server`);
  const server = await startBenchServer(options.mode, options.store);
  try {
    const technicianApi = options.mode === 'helpline' ? (await signInTechnician(server)) !== undefined : false;
    progress.phase(`${name} (${options.store}): warm-up with ${options.warmupUsers} conversations`);
    await runLoad({ url: server.url, users: options.warmupUsers, label: `${name} warm-up`, progress, timeLimitMs: options.timeLimitMs, scripts: options.scripts });
    await server.reset();
    progress.phase(`${name} (${options.store}): ${options.users} concurrent conversations`);
    const load = await runLoad({ url: server.url, users: options.users, rounds: options.rounds, label: name, progress, timeLimitMs: options.timeLimitMs, scripts: options.scripts });
    const counts = await server.counts();
    const result: SideResult = {
      name,
      store: options.store,
      startMs: server.startMs,
      load: withoutOutcomes(load),
      peakRssMb: mb(counts.peakRss),
      startRssMb: mb(server.startRss),
      liveHeapMb: mb(counts.liveHeap),
      readsPerTurn: round(opsOf(counts.breakdown, 'turn').reads / Math.max(1, load.turns)),
      writesPerTurn: round(opsOf(counts.breakdown, 'turn').writes / Math.max(1, load.turns)),
      background: {
        readsPerSecond: round(opsOf(counts.breakdown, 'background').reads / (load.wallMs / 1000), 1),
        writesPerSecond: round(opsOf(counts.breakdown, 'background').writes / (load.wallMs / 1000), 1),
      },
      cpuMsPerTurn: round(counts.cpuMs / Math.max(1, load.turns)),
      documentRequestsPerTurn: counts.documentRequests === undefined ? undefined : round(counts.documentRequests / Math.max(1, load.turns)),
      cpuShares: counts.cpuShares?.slice(0, 20),
      totals: counts.totals,
      perTurn: perTurn(counts.breakdown, load.turns),
      backgroundOps: perTurn(counts.breakdown, 1, 'background').slice(0, 8),
      technicianApi,
    };
    if (!options.keep) await server.stop();
    return { result, server };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** Reads and writes of one scope. */
export function opsOf(breakdown: Breakdown, scope: Scope): { reads: number; writes: number } {
  let reads = 0;
  let writes = 0;
  for (const [name, n] of Object.entries(breakdown)) {
    const [s, what] = name.split('|');
    if (s !== scope) continue;
    const op = what.split(' ')[1];
    if (op === 'get' || op === 'query') reads += n;
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
