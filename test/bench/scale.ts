import { opsOf, perTurn } from './comparison';
import { startBenchServer } from './child-control';
import { LoopbackClient } from './http';
import { runLoad } from './load';
import type { Progress } from './progress';
import { mb, round, type LatencySummary } from './stats';
import { measureQueueListing, signInTechnician, type QueueListing } from './technician';
import { runUser, TEMPLATE_SCRIPT } from './users';

export interface ScalePoint {
  conversations: number;
  openHandoffs: number;
  seedRows: number;
  seedMs: number;
  seedRowsPerSecond: number;
  turnsPerSecond: number;
  turn: LatencySummary;
  readsPerTurn: number;
  writesPerTurn: number;
  /** Background store operations (queue updates, purge) per second while measuring. */
  backgroundOpsPerSecond: number;
  /** Store operations of one queue listing. */
  listingOps?: { reads: number; writes: number };
  perTurn: [string, number][];
  /** Background operations while measuring, by kind. */
  backgroundOps: [string, number][];
  queue?: QueueListing;
  /** Peak RSS while serving the load and the queue listings (the server's own memory). */
  peakRssMb: number;
  /** Peak RSS while the bench wrote the stored conversations inside the server process (a bench artefact). */
  seedingPeakRssMb: number;
  rssAfterMb: number;
  /** Heap in use after a full GC once the point was measured. */
  liveHeapMb: number;
  failed: number;
}

export interface ScaleResult {
  template: { rows: number; bytes: number; kinds: string[] };
  handoffSeedMs: number;
  points: ScalePoint[];
}

export interface ScaleOptions {
  levels: number[];
  users: number;
  openHandoffs: number;
  timeLimitMs: number;
  progress: Progress;
}

/**
 * The scale curve on SQLite: copies of one real conversation (bot state, transcript, profile,
 * consents, request entries) up to each level, plus open handoffs in the queue; at each level
 * a smaller load measures what a turn costs and a technician lists the waiting queue.
 */
export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { progress } = options;
  progress.phase('scale: starting the server');
  const server = await startBenchServer('helpline', 'sqlite');
  try {
    const token = await signInTechnician(server);
    progress.phase('scale: one real conversation as the template for the stored ones');
    const client = new LoopbackClient(server.url, 1);
    const model = await runUser({ client, script: TEMPLATE_SCRIPT, index: 0, onTurn: () => undefined, stopped: () => false });
    client.close();
    const template = await server.call<ScaleResult['template']>({ cmd: 'template', conversationId: model.conversationId, userId: model.userId });
    progress.phase(`scale: template has ${template.rows} records (${(template.bytes / 1024).toFixed(1)} KB): ${template.kinds.join(', ')}`);
    progress.phase(`scale: queueing ${options.openHandoffs} open handoffs`);
    const handoffs = await server.call<{ ms: number }>({ cmd: 'handoffs', count: options.openHandoffs });

    const points: ScalePoint[] = [];
    let stored = 0;
    for (const level of options.levels) {
      progress.phase(`scale: storing conversations ${stored + 1}..${level}`);
      server.onProgress((done, total) => progress.tick(`seeding: ${done}/${total} records`));
      const seeded = await server.call<{ rows: number; ms: number }>({ cmd: 'seed', from: stored, to: level });
      server.onProgress(undefined);
      progress.endTick();
      stored = level;
      const afterSeed = await server.counts();
      progress.phase(`scale: ${level} stored conversations: ${options.users} concurrent conversations`);
      await runLoad({ url: server.url, users: Math.min(5, options.users), label: 'scale warm-up', progress, timeLimitMs: options.timeLimitMs });
      await server.reset();
      const load = await runLoad({ url: server.url, users: options.users, label: `scale ${level}`, progress, timeLimitMs: options.timeLimitMs });
      const counts = await server.counts();
      const queue = token ? await measureQueueListing(server.url, token, 100) : undefined;
      const after = await server.counts();
      const listing = opsOf(after.breakdown, 'technician');
      const background = opsOf(counts.breakdown, 'background');
      points.push({
        conversations: level,
        openHandoffs: queue?.listed ?? options.openHandoffs,
        seedRows: seeded.rows,
        seedMs: Math.round(seeded.ms),
        seedRowsPerSecond: Math.round(seeded.rows / Math.max(0.001, seeded.ms / 1000)),
        turnsPerSecond: round(load.turnsPerSecond, 1),
        turn: load.latency,
        readsPerTurn: round(opsOf(counts.breakdown, 'turn').reads / Math.max(1, load.turns)),
        writesPerTurn: round(opsOf(counts.breakdown, 'turn').writes / Math.max(1, load.turns)),
        backgroundOpsPerSecond: round((background.reads + background.writes) / (load.wallMs / 1000), 1),
        listingOps: queue ? { reads: round(listing.reads / (queue.requests + 5), 1), writes: round(listing.writes / (queue.requests + 5), 1) } : undefined,
        perTurn: perTurn(counts.breakdown, load.turns).slice(0, 12),
        backgroundOps: perTurn(counts.breakdown, 1, 'background').slice(0, 8),
        queue,
        peakRssMb: mb(after.peakRss),
        seedingPeakRssMb: mb(afterSeed.peakRss),
        rssAfterMb: mb(after.rss),
        liveHeapMb: mb(after.liveHeap),
        failed: load.failed,
      });
    }
    return { template, handoffSeedMs: Math.round(handoffs.ms), points };
  } finally {
    await server.stop();
  }
}
