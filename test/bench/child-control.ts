import { fork, type ChildProcess } from 'node:child_process';
import { fromRoot } from '../../src/paths';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StoreOperationCounts } from '../../src/services/storage/counting-store';
import type { Breakdown } from './breakdown-store';
import type { ChildRequest } from './server-child';

export interface Counts {
  totals: StoreOperationCounts;
  breakdown: Breakdown;
  /** Peak RSS since the last reset (bytes). */
  peakRss: number;
  /** Peak RSS since the process started (bytes): resets do not clear it. */
  peakRssSinceStart: number;
  rss: number;
  /** CPU time (user + system) the server used since the last reset. */
  cpuMs: number;
  /** Heap in use right after a full garbage collection (bytes): what the server really keeps. */
  liveHeap: number;
  /** Cosmos only: document requests the emulator received since the last reset. */
  documentRequests?: number;
  /** With BENCH_PROFILE: where the server's CPU went since the last reset, by component (%). */
  cpuShares?: [string, number][];
  /** With BENCH_HEAP: what the server allocated since the last reset (bytes), and where. */
  allocations?: { bytes: number; byFunction: [string, number][] };
}

/** The parent's handle on a bench child process (server-child.ts): a server, or a seeder without one. */
export interface BenchChild {
  readonly startMs: number;
  /** RSS right after the child was ready (bytes). */
  readonly startRss: number;
  readonly dataDir: string;
  call<T = unknown>(request: ChildRequest): Promise<T>;
  counts(): Promise<Counts>;
  reset(): Promise<void>;
  /** Progress lines the child sends while seeding. */
  onProgress(listener: ((done: number, total: number) => void) | undefined): void;
  /**
   * Freezes the child (SIGSTOP) so its timers and background jobs take no CPU while the other
   * side of a comparison is measured; resume() lets it go on (SIGCONT).
   */
  pause(): void;
  resume(): void;
  /** Stops the child; removes the data dir only when the child made it. */
  stop(): Promise<void>;
}

export interface BenchServer extends BenchChild {
  readonly url: string;
}

export interface ChildOptions {
  /** An existing data dir to serve (it outlives the child); by default a fresh temporary one, removed by stop(). */
  dataDir?: string;
  /** Wall-clock ms at which the child's clock reads BENCH_EPOCH, so successive children share one clock; default: the child's start. */
  clockOrigin?: number;
}

export async function startBenchServer(mode: 'helpline' | 'floor', store: 'sqlite' | 'cosmos', options: ChildOptions = {}): Promise<BenchServer> {
  const { child, port } = await startChild(mode, store, options);
  return { ...child, url: `http://127.0.0.1:${port}` };
}

/** A child that opens the SQLite store in `dataDir` and only writes seed records: the server is not running meanwhile. */
export async function startBenchSeeder(dataDir: string, clockOrigin?: number): Promise<BenchChild> {
  return (await startChild('seeder', 'sqlite', { dataDir, clockOrigin })).child;
}

async function startChild(mode: 'helpline' | 'floor' | 'seeder', store: 'sqlite' | 'cosmos', options: ChildOptions): Promise<{ child: BenchChild; port: number }> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), `helpline-bench-${mode}-`));
  const args = [mode, store, dataDir, ...(options.clockOrigin === undefined ? [] : [String(options.clockOrigin)])];
  const child: ChildProcess = fork(path.join(__dirname, 'server-child.js'), args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // gc() lets the counts command tell live heap from garbage V8 has not collected yet. Servers run
    // with the Node flags `npm start` and the Azure start command use (package.json config.nodeFlags),
    // the floor too, so both are measured as deployed; BENCH_NODE_FLAGS replaces them for experiments.
    execArgv: ['--expose-gc', ...(mode === 'seeder' ? [] : serverNodeFlags())],
    env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
  });
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let progress: ((done: number, total: number) => void) | undefined;
  const ready = new Promise<{ port: number; startMs: number; rss: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${mode} bench child exited with code ${code} before it was ready`)));
    child.on('message', (message: { ready?: { port: number; startMs: number; rss: number }; progress?: { done: number; total: number }; id?: number; ok?: boolean; result?: unknown; error?: string }) => {
      if (message.ready) return resolve(message.ready);
      if (message.progress) return progress?.(message.progress.done, message.progress.total);
      const waiting = message.id === undefined ? undefined : pending.get(message.id);
      if (!waiting) return;
      pending.delete(message.id as number);
      if (message.ok) waiting.resolve(message.result);
      else waiting.reject(new Error(message.error));
    });
  });
  const removeOwnDir = () => {
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const { port, startMs, rss: startRss } = await ready.catch((error: unknown) => {
    removeOwnDir();
    throw error;
  });
  child.on('exit', (code) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`the ${mode} bench child exited (code ${code})`));
    pending.clear();
  });

  const call = <T>(request: ChildRequest): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, request });
    });

  return {
    port,
    child: {
      startMs,
      startRss,
      dataDir,
      call,
      counts: () => call<Counts>({ cmd: 'counts' }),
      reset: async () => void (await call({ cmd: 'reset' })),
      onProgress: (listener) => void (progress = listener),
      pause: () => void child.kill('SIGSTOP'),
      resume: () => void child.kill('SIGCONT'),
      stop: async () => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGCONT');
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          await call({ cmd: 'stop' }).catch(() => undefined);
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        }
        removeOwnDir();
      },
    },
  };
}

/** The Node flags a server runs with: package.json config.nodeFlags, or BENCH_NODE_FLAGS when set. */
export function serverNodeFlags(): string[] {
  const flags = process.env.BENCH_NODE_FLAGS ?? (JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as { config?: { nodeFlags?: string } }).config?.nodeFlags ?? '';
  return flags.split(' ').filter(Boolean);
}
