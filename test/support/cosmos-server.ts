import https from 'node:https';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHttpsServer } from '@vercel/cosmosdb-server';

export interface CosmosTestServer {
  endpoint: string;
  /** Any base64 string signs requests; the server does not check it. */
  key: string;
  /** Accepts the server's self-signed certificate. */
  agent: https.Agent;
  /**
   * Makes the next `count` document requests fail with `status` (429 carries
   * x-ms-retry-after-ms: retryAfterMs), the way a throttled or unavailable account answers.
   */
  failNextDocumentRequests(count: number, status: 429 | 503, retryAfterMs?: number): void;
  /** Document requests the server has received (including failed ones). */
  documentRequests(): number;
  close(): Promise<void>;
}

/** Starts an in-memory Cosmos DB wire-protocol server inside the test process on a free port. */
export async function startCosmosServer(): Promise<CosmosTestServer> {
  const server = createHttpsServer();
  let failures: { left: number; status: number; retryAfterMs: number } = { left: 0, status: 0, retryAfterMs: 0 };
  let documentRequests = 0;

  const [handler] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!req.url?.includes('/docs')) return handler(req, res);
    documentRequests += 1;
    if (failures.left <= 0) return handler(req, res);
    failures.left -= 1;
    req.resume();
    const headers: Record<string, string> = { 'content-type': 'application/json', connection: 'close' };
    if (failures.status === 429) headers['x-ms-retry-after-ms'] = String(failures.retryAfterMs);
    res.writeHead(failures.status, headers);
    res.end(JSON.stringify({ code: failures.status === 429 ? 'TooManyRequests' : 'ServiceUnavailable', message: 'injected fault' }));
  });

  // 127.0.0.1 rather than localhost: the server advertises its bound address as the account
  // endpoint, and the client must reach the same address through endpoint discovery.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const agent = new https.Agent({ rejectUnauthorized: false, keepAlive: false });
  return {
    endpoint: `https://127.0.0.1:${port}`,
    key: Buffer.from('helpline-test-key').toString('base64'),
    agent,
    failNextDocumentRequests(count, status, retryAfterMs = 20) {
      failures = { left: count, status, retryAfterMs };
    },
    documentRequests: () => documentRequests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
