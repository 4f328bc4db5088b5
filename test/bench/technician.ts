import type { BenchServer } from './child-control';
import { LoopbackClient } from './http';
import { summarize, type LatencySummary } from './stats';

const USERNAME = 'bench-tech';
const PASSWORD = 'bench-password-not-secret';

/**
 * A technician account (created with the handoff feature's TechnicianAccounts) signed in over
 * the technician API, so the queue can be listed and live handoffs are offered (someone is
 * online). Undefined when the server has no technician API.
 */
export async function signInTechnician(server: BenchServer): Promise<string | undefined> {
  await server.call({ cmd: 'technician', username: USERNAME, password: PASSWORD });
  const client = new LoopbackClient(server.url, 1);
  try {
    const res = await client.request('POST', '/api/technician/login', { username: USERNAME, password: PASSWORD });
    return res.status === 200 ? (res.body as { token: string }).token : undefined;
  } finally {
    client.close();
  }
}

export interface QueueListing {
  requests: number;
  /** Handoffs in the last answer. */
  listed: number;
  latency: LatencySummary;
  failed: number;
}

/** GET /api/technician/handoffs?status=waiting, `count` times one after another (as consoles poll), after a short warm-up. */
export async function measureQueueListing(url: string, token: string, count = 200): Promise<QueueListing> {
  const client = new LoopbackClient(url, 1);
  const headers = { authorization: `Bearer ${token}` };
  try {
    for (let i = 0; i < 5; i++) await client.request('GET', '/api/technician/handoffs?status=waiting', undefined, headers);
    const samples: number[] = [];
    let listed = 0;
    let failed = 0;
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      const res = await client.request('GET', '/api/technician/handoffs?status=waiting', undefined, headers);
      samples.push(performance.now() - t0);
      if (res.status !== 200) failed += 1;
      else listed = (res.body as { handoffs: unknown[] }).handoffs.length;
    }
    return { requests: count, listed, latency: summarize(samples), failed };
  } finally {
    client.close();
  }
}
