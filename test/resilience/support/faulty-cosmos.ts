import https from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';

/**
 * What happens to one document request: a throttle, an unavailable service, a connection dropped
 * before the server handled the request ('drop'), or after it handled it but before the answer
 * arrived ('lost': the write happened, the client cannot know).
 */
export type Fault = 429 | 503 | 'drop' | 'lost';
/** 'pass' lets one document request through untouched, so a fault can be aimed at the n-th request. */
export type Plan = (Fault | 'pass')[];

export interface DocumentRequest {
  method: string;
  /** The container the request went to (…/colls/<name>/docs…). */
  container: string;
}

export interface FaultyCosmos {
  endpoint: string;
  key: string;
  agent: https.Agent;
  /** The next document requests meet these faults, one each, in order; 429s carry x-ms-retry-after-ms. */
  inject(faults: Plan, retryAfterMs?: number): void;
  /** Document requests seen so far, in order. */
  requests(): DocumentRequest[];
  /** Faults not yet used (0 once every injected fault has hit a request). */
  pending(): number;
  clear(): void;
  close(): Promise<void>;
}

/**
 * The in-process Cosmos DB wire-protocol server (as test/support/cosmos-server.ts) with one more
 * kind of fault: a connection dropped after the request arrived, the way a network blip or a
 * gateway restart looks to the SDK (ECONNRESET / socket hang up).
 */
export async function startFaultyCosmos(): Promise<FaultyCosmos> {
  const server = createHttpsServer();
  let faults: Plan = [];
  const seen: DocumentRequest[] = [];
  let retryAfterMs = 20;
  const [handler] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const isDocument = req.url?.includes('/docs') ?? false;
    if (isDocument) seen.push({ method: req.method ?? '', container: /\/colls\/([^/]+)\/docs/.exec(req.url ?? '')?.[1] ?? '' });
    const fault = isDocument ? faults.shift() : undefined;
    if (fault === undefined || fault === 'pass') return handler(req, res);
    if (fault === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault === 'lost') {
      const socket = req.socket;
      res.writeHead = (() => res) as unknown as typeof res.writeHead;
      res.end = (() => {
        socket.destroy();
        return res;
      }) as unknown as typeof res.end;
      return handler(req, res);
    }
    req.resume();
    const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' };
    if (fault === 429) headers['x-ms-retry-after-ms'] = String(retryAfterMs);
    res.writeHead(fault, headers);
    res.end(JSON.stringify({ code: fault === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'injected fault' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: false });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: Buffer.from('helpline-resilience-key').toString('base64'),
    agent,
    inject(list, wait = 20) {
      faults = [...list];
      retryAfterMs = wait;
    },
    pending: () => faults.filter((f) => f !== 'pass').length,
    requests: () => [...seen],
    clear: () => void (faults = []),
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
