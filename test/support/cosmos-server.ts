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

/**
 * What happens to one document request instead of a normal answer: a throttle, an unavailable
 * service, a connection dropped before the server handled the request ('drop'), or after it
 * handled it but before the answer arrived ('lost': the write happened, the client cannot know).
 */
export type DocumentFault = 429 | 503 | 'drop' | 'lost';

/** The emulator on a free port, without the fault bookkeeping (see startInterceptedCosmos). */
export interface InterceptedCosmos {
  endpoint: string;
  key: string;
  agent: https.Agent;
  close(): Promise<void>;
}

/**
 * The in-process Cosmos DB wire-protocol server on a free port. `intercept` sees every document
 * request and may name a fault to answer it with instead (429s carry x-ms-retry-after-ms:
 * retryAfterMs); the tests' fault-injecting servers are built on this.
 */
export async function startInterceptedCosmos(
  key: string,
  intercept: (req: IncomingMessage) => { fault: DocumentFault; retryAfterMs: number } | undefined,
): Promise<InterceptedCosmos> {
  const server = createHttpsServer();
  const [handler] = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const planned = req.url?.includes('/docs') ? intercept(req) : undefined;
    if (!planned) return handler(req, res);
    const { fault, retryAfterMs } = planned;
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
    key: Buffer.from(key).toString('base64'),
    agent,
    close: () =>
      new Promise<void>((resolve, reject) => {
        agent.destroy();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** Starts an in-memory Cosmos DB wire-protocol server inside the test process on a free port. */
export async function startCosmosServer(): Promise<CosmosTestServer> {
  let failures: { left: number; status: 429 | 503; retryAfterMs: number } = { left: 0, status: 503, retryAfterMs: 0 };
  let documentRequests = 0;
  const cosmos = await startInterceptedCosmos('helpline-test-key', () => {
    documentRequests += 1;
    if (failures.left <= 0) return undefined;
    failures.left -= 1;
    return { fault: failures.status, retryAfterMs: failures.retryAfterMs };
  });
  return {
    ...cosmos,
    failNextDocumentRequests(count, status, retryAfterMs = 20) {
      failures = { left: count, status, retryAfterMs };
    },
    documentRequests: () => documentRequests,
  };
}
