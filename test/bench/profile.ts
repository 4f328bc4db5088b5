import fs from 'node:fs';
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where server CPU time went, by component: share of all samples, largest first. */
export type CpuShares = [string, number][];

/**
 * A V8 CPU profile of the measured phase only (not startup or warm-up), taken inside the server
 * process through the inspector, and summarised by component: a Helpline source folder, an npm
 * package, or the runtime (GC, I/O, idle).
 */
export class PhaseProfiler {
  private readonly session = new Session();
  private running = false;

  constructor() {
    this.session.connect();
  }

  async start(): Promise<void> {
    if (this.running) await this.stop();
    await this.post('Profiler.enable');
    await this.post('Profiler.setSamplingInterval', { interval: 1000 });
    await this.post('Profiler.start');
    this.running = true;
  }

  /** Stops, optionally saves the raw profile (open it in Chrome DevTools), and summarises it. */
  async stop(file?: string): Promise<CpuShares> {
    if (!this.running) return [];
    this.running = false;
    const { profile } = (await this.post('Profiler.stop')) as { profile: CpuProfile };
    if (file) fs.writeFileSync(file, JSON.stringify(profile));
    return summarise(profile);
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  }
}

function summarise(profile: CpuProfile): CpuShares {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parents = new Map<number, number>();
  for (const n of profile.nodes) for (const child of n.children ?? []) parents.set(child, n.id);
  // The profiler's own start shows up as samples under node:inspector; they are not the server's work.
  const ownWork = (id: number): boolean => {
    for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) if (nodes.get(at)?.callFrame.url === 'node:inspector') return true;
    return false;
  };
  const time = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = nodes.get(id);
    if (!node || ownWork(id)) return;
    const name = componentOf(node.callFrame);
    if (name === '(idle)') return;
    const dt = profile.timeDeltas[i] ?? 0;
    time.set(name, (time.get(name) ?? 0) + dt);
    total += dt;
  });
  return [...time]
    .map(([name, t]): [string, number] => [name, Math.round((1000 * t) / Math.max(1, total)) / 10])
    .sort((a, b) => b[1] - a[1]);
}

function componentOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName === '(garbage collector)' || functionName === '(idle)' ? functionName : `runtime: ${functionName || 'native'}`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const src = /dist\/(src\/(?:services\/[^/]+|[^/]+)(?:\/[^/.]+)?)/.exec(url);
  if (src) return src[1].replace(/\/[^/]+$/, (m) => (/\./.test(m) ? '' : m));
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/').slice(0, 2).join('/')}`;
  return url.split('/').slice(-2).join('/');
}

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** Bytes allocated during a phase, in all, and by the function that allocated them (largest first). */
export interface Allocations {
  bytes: number;
  byFunction: [string, number][];
}

/**
 * V8's sampling heap profiler over a measured phase, counting objects that garbage collection has
 * already freed too: what a turn allocates, not what it keeps (the collector's work follows the
 * former). Sizes are V8's estimates from a sample every `interval` bytes on average.
 */
export class HeapSampler {
  private readonly session = new Session();
  private running = false;

  constructor(private readonly interval = 8192) {
    this.session.connect();
  }

  async start(): Promise<void> {
    if (this.running) await this.stop();
    await this.post('HeapProfiler.enable');
    await this.post('HeapProfiler.startSampling', { samplingInterval: this.interval, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    this.running = true;
  }

  /** Stops, optionally saves the raw profile (a .heapprofile Chrome DevTools opens), and summarises it. */
  async stop(file?: string): Promise<Allocations | undefined> {
    if (!this.running) return undefined;
    this.running = false;
    const { profile } = (await this.post('HeapProfiler.stopSampling')) as { profile: { head: HeapNode } };
    if (file) fs.writeFileSync(file, JSON.stringify(profile));
    const byFunction = new Map<string, number>();
    let bytes = 0;
    const visit = (node: HeapNode): void => {
      if (node.selfSize) {
        const { functionName, url, lineNumber } = node.callFrame;
        const where = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(node_modules|dist)\//, '')}:${lineNumber + 1}`;
        byFunction.set(where, (byFunction.get(where) ?? 0) + node.selfSize);
        bytes += node.selfSize;
      }
      for (const child of node.children) visit(child);
    };
    visit(profile.head);
    return { bytes, byFunction: [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 40) };
  }

  private post(method: string, params?: object): Promise<unknown> {
    return new Promise((resolve, reject) => this.session.post(method, params ?? {}, (error, result) => (error ? reject(error) : resolve(result))));
  }
}
