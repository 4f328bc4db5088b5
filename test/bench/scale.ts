import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { opsOf, perTurn } from './comparison';
import { startBenchSeeder, startBenchServer, type BenchServer } from './child-control';
import { LoopbackClient } from './http';
import { runLoad } from './load';
import type { Progress } from './progress';
import { captureTemplate, describeTemplate, type SeedTemplate } from './seed';
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
  /** Server CPU time per turn: the cost of a turn, whatever else the machine was doing. */
  cpuMsPerTurn: number;
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
  /** RSS of the server once it was ready over this level's stored data (NLU trained, store opened). */
  startRssMb: number;
  /**
   * Peak RSS of the server from its start over this level's stored data through the warm-up, the
   * load and the queue listings: a server that only served (the records were written by another process).
   */
  peakRssMb: number;
  /** Peak RSS during the measured load only: from the reset after the warm-up to the end of the load (before the queue listings). */
  loadPeakRssMb: number;
  /** Peak RSS of the seeder process that wrote this level's records (at the first level, the open handoffs too); not the server's. */
  seedingPeakRssMb: number;
  rssAfterMb: number;
  /** Heap in use after a full GC once the point was measured. */
  liveHeapMb: number;
  /** Whether the technician's stored session still worked on the restarted server (else it signed in again). */
  technicianSessionKept: boolean;
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
 * The server only serves: it is stopped while a seeder process writes the stored records into
 * its data dir, then started again over them (one clock throughout), so its RSS is a serving
 * server's and not the bench's seeding.
 */
export async function runScale(options: ScaleOptions): Promise<ScaleResult> {
  const { progress } = options;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-bench-scale-'));
  const clockOrigin = Date.now();
  try {
    progress.phase('scale: starting the server');
    let token: string | undefined;
    let template: SeedTemplate;
    const first = await startBenchServer('helpline', 'sqlite', { dataDir, clockOrigin });
    try {
      token = await signInTechnician(first);
      progress.phase('scale: one real conversation as the template for the stored ones');
      const client = new LoopbackClient(first.url, 1);
      const model = await runUser({ client, script: TEMPLATE_SCRIPT, index: 0, onTurn: () => undefined, stopped: () => false });
      client.close();
      template = { rows: [], conversationId: model.conversationId, userId: model.userId };
    } finally {
      await first.stop();
    }
    // Read once the server has closed the store, so everything the conversation wrote is in the file.
    template.rows = captureTemplate(path.join(dataDir, 'helpline.db'), template.conversationId, template.userId);
    const summary = describeTemplate(template.rows);
    progress.phase(`scale: template has ${summary.rows} records (${(summary.bytes / 1024).toFixed(1)} KB): ${summary.kinds.join(', ')}`);

    const points: ScalePoint[] = [];
    let handoffSeedMs = 0;
    let stored = 0;
    for (const level of options.levels) {
      const seeder = await startBenchSeeder(dataDir, clockOrigin);
      let seeded: { rows: number; ms: number };
      let seedingPeakRss: number;
      try {
        if (stored === 0) {
          progress.phase(`scale: queueing ${options.openHandoffs} open handoffs (seeder process, server stopped)`);
          handoffSeedMs = (await seeder.call<{ ms: number }>({ cmd: 'handoffs', count: options.openHandoffs })).ms;
        }
        progress.phase(`scale: storing conversations ${stored + 1}..${level} (seeder process, server stopped)`);
        seeder.onProgress((done, total) => progress.tick(`seeding: ${done}/${total} records`));
        seeded = await seeder.call<{ rows: number; ms: number }>({ cmd: 'seed', from: stored, to: level, template });
        seeder.onProgress(undefined);
        progress.endTick();
        seedingPeakRss = (await seeder.counts()).peakRssSinceStart;
      } finally {
        await seeder.stop();
      }
      stored = level;

      progress.phase(`scale: starting the server over ${level} stored conversations`);
      const server = await startBenchServer('helpline', 'sqlite', { dataDir, clockOrigin });
      try {
        const session = await technicianSession(server, token);
        token = session.token;
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
          cpuMsPerTurn: round(counts.cpuMs / Math.max(1, load.turns), 2),
          turn: load.latency,
          readsPerTurn: round(opsOf(counts.breakdown, 'turn').reads / Math.max(1, load.turns)),
          writesPerTurn: round(opsOf(counts.breakdown, 'turn').writes / Math.max(1, load.turns)),
          backgroundOpsPerSecond: round((background.reads + background.writes) / (load.wallMs / 1000), 1),
          listingOps: queue ? { reads: round(listing.reads / (queue.requests + 5), 1), writes: round(listing.writes / (queue.requests + 5), 1) } : undefined,
          perTurn: perTurn(counts.breakdown, load.turns).slice(0, 12),
          backgroundOps: perTurn(counts.breakdown, 1, 'background').slice(0, 8),
          queue,
          startRssMb: mb(server.startRss),
          peakRssMb: mb(after.peakRssSinceStart),
          loadPeakRssMb: mb(counts.peakRss),
          seedingPeakRssMb: mb(seedingPeakRss),
          rssAfterMb: mb(after.rss),
          liveHeapMb: mb(after.liveHeap),
          technicianSessionKept: session.kept,
          failed: load.failed,
        });
      } finally {
        await server.stop();
      }
    }
    return { template: summary, handoffSeedMs: Math.round(handoffSeedMs), points };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The technician's session on a restarted server: sessions are stored, so the token from before
 * normally still works (and using it marks the technician as recently seen, so live handoffs are
 * offered as before the restart); if it does not, the technician signs in again.
 */
async function technicianSession(server: BenchServer, token: string | undefined): Promise<{ token: string | undefined; kept: boolean }> {
  if (token) {
    const client = new LoopbackClient(server.url, 1);
    try {
      const res = await client.request('GET', '/api/technician/handoffs?status=waiting', undefined, { authorization: `Bearer ${token}` });
      if (res.status === 200) return { token, kept: true };
    } finally {
      client.close();
    }
  }
  return { token: await signInTechnician(server), kept: false };
}
