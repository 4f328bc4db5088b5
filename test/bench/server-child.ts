/*
 * The server side of the benchmark, in its own process so the load generator does not share
 * its event loop: either the Helpline app (createApp) or the floor echo bot, on loopback port 0,
 * over a CountingStore; or a seeder, which serves nothing and writes the scale curve's stored
 * conversations into a data dir while no server runs on it (a real server never seeds itself, and
 * the seeding's memory must not count as the server's). The parent (run.ts) controls it through
 * IPC messages (see ChildRequest).
 *   node dist/test/bench/server-child.js helpline|floor|seeder sqlite|cosmos <dataDir> [clockOrigin]
 * clockOrigin: the wall-clock ms at which the clock reads BENCH_EPOCH, so a server restarted on
 * the same data (and the seeder between) goes on from the same clock, as a real restart would.
 */
import '../../src/load-env';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Server as HttpServer } from 'node:http';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging';
import { fromRoot } from '../../src/paths';
import { CountingStore } from '../../src/services/storage/counting-store';
import { SqliteStore } from '../../src/services/storage/sqlite-store';
import type { Store } from '../../src/services/storage/store';
import type { CosmosTestServer } from '../support/cosmos-server';
import { BreakdownStore, type Scope } from './breakdown-store';
import type { SeedTemplate } from './seed';
import { HeapSampler, PhaseProfiler, type Allocations, type CpuShares } from './profile';

// Modules are loaded only in the mode that needs them, so the floor's memory is the floor's:
// the echo bot process must not carry Helpline's NLU, dialogs and content in its RSS.

/** Wednesday 10:00 in New York: inside the configured business hours, so live handoffs are offered. */
export const BENCH_EPOCH = Date.parse('2026-11-18T15:00:00Z');

export type ChildRequest =
  | { cmd: 'counts' }
  | { cmd: 'reset' }
  | { cmd: 'technician'; username: string; password: string }
  | { cmd: 'seed'; from: number; to: number; template: SeedTemplate }
  | { cmd: 'handoffs'; count: number }
  | { cmd: 'stop' };

async function main(): Promise<void> {
  const [mode, storeKind, dataDir, origin] = process.argv.slice(2) as ['helpline' | 'floor' | 'seeder', 'sqlite' | 'cosmos', string, string | undefined];
  const started = Date.now();
  const clockOrigin = origin === undefined ? started : Number(origin);
  // A clock that runs at real speed from a fixed business-hours moment.
  const now = () => BENCH_EPOCH + (Date.now() - clockOrigin);
  const config = loadConfig({
    HELPLINE_DATA_DIR: dataDir,
    HELPLINE_CONFIG: fromRoot('content/helpline.config.yaml'),
    PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    // 100 users on one loopback address at hundreds of turns/s: a real client address never sends that much.
    HELPLINE_RATE_LIMIT: '0',
  });
  // Request logs are written as in production, but to nowhere: the bench measures, it does not keep logs.
  const logger = createLogger('info', pino.destination({ dest: '/dev/null', sync: false }));

  let cosmos: CosmosTestServer | undefined;
  let inner: Store;
  if (storeKind === 'cosmos') {
    const { startCosmosServer } = await import('../support/cosmos-server');
    const { CosmosStore } = await import('../../src/services/storage/cosmos-store');
    cosmos = await startCosmosServer();
    const store = new CosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, database: 'helpline-bench', agent: cosmos.agent, now });
    await store.init();
    inner = store;
  } else {
    inner = new SqliteStore({ dataDir, now });
  }
  // Telling turns from technician requests and background jobs takes an AsyncLocalStorage, which
  // turns on promise hooks and makes every promise dearer (the floor ran 5-10% slower with it).
  // The floor answers /api/messages and nothing else, so all its store operations are turns: it
  // goes without, and is measured as it would run.
  const scopes = mode === 'floor' ? undefined : new AsyncLocalStorage<Scope>();
  const breakdown = new BreakdownStore(inner, scopes ? () => scopes.getStore() ?? 'background' : () => 'turn');
  const store = new CountingStore(breakdown);

  let server: { listen(): Promise<number>; close(): Promise<void>; http?: HttpServer };
  if (mode === 'seeder') {
    if (!(inner instanceof SqliteStore)) throw new Error('the seeder writes to the SQLite store only');
    server = { listen: async () => 0, close: () => store.close() };
  } else if (mode === 'floor') {
    const { createFloorServer } = await import('./floor-bot');
    const floor = createFloorServer(config, logger, store);
    server = {
      http: floor.server as HttpServer,
      listen: () => new Promise((resolve) => floor.listen(0, '127.0.0.1', () => resolve((floor.address() as { port: number }).port))),
      close: async () => {
        await new Promise<void>((resolve) => floor.close(() => resolve()));
        await store.close();
      },
    };
  } else {
    const { createApp } = await import('../../src/app');
    const app = await createApp(config, logger, { now, store });
    server = {
      http: app.server.server as HttpServer,
      listen: () => new Promise((resolve) => app.server.listen(0, '127.0.0.1', () => resolve((app.server.address() as { port: number }).port))),
      close: () => app.close(),
    };
  }
  if (server.http && scopes) scopeRequests(server.http, scopes);
  const port = await server.listen();

  let peakRss = process.memoryUsage().rss;
  let peakRssSinceStart = peakRss;
  let cpuFrom = process.cpuUsage();
  let documentRequestsFrom = cosmos?.documentRequests() ?? 0;
  const sampleRss = () => {
    const rss = process.memoryUsage.rss();
    peakRss = Math.max(peakRss, rss);
    peakRssSinceStart = Math.max(peakRssSinceStart, rss);
  };
  const sampler = setInterval(sampleRss, 100);
  sampler.unref();

  // BENCH_PROFILE=1 profiles each measured phase (reset .. counts); BENCH_PROFILE=<dir> also keeps the raw profiles there.
  const profiler = process.env.BENCH_PROFILE ? new PhaseProfiler() : undefined;
  const profileDir = process.env.BENCH_PROFILE && process.env.BENCH_PROFILE !== '1' ? process.env.BENCH_PROFILE : undefined;
  let profiles = 0;
  // BENCH_HEAP=1 samples what each measured phase allocates; BENCH_HEAP=<dir> also keeps the raw heap profiles there.
  const heapSampler = process.env.BENCH_HEAP ? new HeapSampler() : undefined;
  const heapDir = process.env.BENCH_HEAP && process.env.BENCH_HEAP !== '1' ? process.env.BENCH_HEAP : undefined;

  const seederOnly = () => {
    if (mode !== 'seeder') throw new Error('only the seeder writes seed records: a server does not seed itself');
  };
  const handle = async (request: ChildRequest): Promise<unknown> => {
    switch (request.cmd) {
      case 'counts': {
        const cpuMs = cpuMsSince(cpuFrom);
        const cpuShares: CpuShares | undefined = await profiler?.stop(profileDir && path.join(profileDir, `${mode}-${storeKind}-${++profiles}.cpuprofile`));
        const allocations: Allocations | undefined = await heapSampler?.stop(heapDir && path.join(heapDir, `${mode}-${storeKind}-${process.pid}-${Date.now()}.heapprofile`));
        sampleRss();
        const rss = process.memoryUsage.rss();
        (globalThis as { gc?: () => void }).gc?.();
        return { totals: store.snapshot(), breakdown: breakdown.snapshot(), peakRss, peakRssSinceStart, rss, liveHeap: process.memoryUsage().heapUsed, cpuMs, cpuShares, allocations, documentRequests: cosmos ? cosmos.documentRequests() - documentRequestsFrom : undefined };
      }
      case 'reset':
        store.reset();
        breakdown.reset();
        sampleRss();
        peakRss = process.memoryUsage().rss;
        cpuFrom = process.cpuUsage();
        documentRequestsFrom = cosmos?.documentRequests() ?? 0;
        await profiler?.start();
        await heapSampler?.start();
        return {};
      case 'technician': {
        const { TechnicianAccounts, AccountError } = await import('../../src/services/handoff/technician-accounts');
        // A server restarted on the same data finds the account the first one created.
        return new TechnicianAccounts(inner, now)
          .add({ username: request.username, role: 'technician', password: request.password, name: 'Bench Technician' })
          .catch((error: unknown) => {
            if (error instanceof AccountError && error.code === 'exists') return { existing: request.username };
            throw error;
          });
      }
      case 'seed': {
        seederOnly();
        const { seedConversations, sqliteBatch } = await import('./seed');
        const t0 = performance.now();
        const rows = await seedConversations(inner, request.template.rows, request.template, request, now(), {
          batch: process.env.BENCH_SEED_UNBATCHED ? undefined : sqliteBatch(inner),
          progress: (done, total) => process.send?.({ progress: { done, total } }),
        });
        return { rows, ms: performance.now() - t0 };
      }
      case 'handoffs': {
        seederOnly();
        const { seedHandoffs } = await import('./seed');
        const t0 = performance.now();
        await seedHandoffs(inner, request.count, now);
        return { ms: performance.now() - t0 };
      }
      case 'stop':
        clearInterval(sampler);
        await server.close();
        await cosmos?.close();
        setImmediate(() => process.exit(0));
        return {};
    }
  };

  process.on('message', (message: { id: number; request: ChildRequest }) => {
    handle(message.request).then(
      (result) => process.send?.({ id: message.id, ok: true, result }),
      (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.send?.({ ready: { port, startMs: Date.now() - started, rss: process.memoryUsage().rss } });
}

/** Runs every HTTP request in an async scope named after its route, so store operations know what they were for. */
function scopeRequests(http: HttpServer, scopes: AsyncLocalStorage<Scope>): void {
  const listeners = http.listeners('request') as ((...args: unknown[]) => void)[];
  http.removeAllListeners('request');
  http.on('request', (req: { url?: string; emit: (...args: unknown[]) => boolean }, res: unknown) => {
    const url = req.url ?? '';
    const scope: Scope = url.startsWith('/api/messages') ? 'turn' : url.startsWith('/api/technician') ? 'technician' : 'other request';
    // The body's 'data'/'end' events run in the socket's async context, not the listener's, and
    // the route handlers continue from them: emit them inside the scope too.
    const emit = req.emit.bind(req);
    req.emit = (...args: unknown[]) => scopes.run(scope, () => emit(...args));
    scopes.run(scope, () => {
      for (const listener of listeners) listener(req, res);
    });
  });
}

function cpuMsSince(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1000;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
