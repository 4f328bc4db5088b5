import fs from 'node:fs';
import restify, { type Request, type Response, type Next } from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from '../logging';
import type { Store } from '../services/storage/store';
import { fromRoot } from '../paths';
import { describeActivityError, incomingActivitySchema } from './activity-schema';
import { sendError } from './http-errors';
import { jsonBody } from './json-body';
import { clientAddress, RateLimiter, type RateLimit } from './rate-limit';
import { randomUUID } from 'node:crypto';

/** A feature that adds its own routes (Direct Line, technician API, console). */
export type RouteModule = (server: restify.Server) => void;

export interface ServerOptions {
  adapter: CloudAdapter;
  botLogic: (context: import('botbuilder').TurnContext) => Promise<void>;
  store: Store;
  logger: Logger;
  routes?: RouteModule[];
  /** How many requests one client address may make (README "Configuration reference": HELPLINE_RATE_LIMIT); none = no limit. */
  clientRateLimit?: ClientRateLimit;
}

export interface ClientRateLimit extends RateLimit {
  /** Path prefixes that never count, for callers that are not one client (the bot's own replies through the local Direct Line connector). */
  exemptPaths: string[];
}

/** Static files a browser may fetch, by URL path. A fixed map, so no path from a URL touches the disk. */
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: fromRoot('src/web/widget/index.html'), type: 'text/html; charset=utf-8' },
  '/widget.js': { file: fromRoot('src/web/widget/widget.js'), type: 'text/javascript; charset=utf-8' },
  '/widget.css': { file: fromRoot('src/web/widget/widget.css'), type: 'text/css; charset=utf-8' },
  '/vendor/webchat.js': { file: fromRoot('node_modules/botframework-webchat/dist/webchat.js'), type: 'text/javascript; charset=utf-8' },
  '/console': { file: fromRoot('src/web/console/index.html'), type: 'text/html; charset=utf-8' },
  '/console/console.js': { file: fromRoot('src/web/console/console.js'), type: 'text/javascript; charset=utf-8' },
  '/console/console.css': { file: fromRoot('src/web/console/console.css'), type: 'text/css; charset=utf-8' },
};

/**
 * How long an idle keep-alive connection stays open for the client's next request. Node's default,
 * 5 s, is shorter than a proxy's or load balancer's idle timeout (often 60 s) and than the pauses of
 * a busy client: when the server closes a connection just as the other side sends the next message
 * on it, that message is lost to a reset (ECONNRESET, or a 502 from the proxy). Longer than those
 * 60 s, the other side closes an idle connection first. headersTimeout keeps Node's 60 s: since
 * Node 18 it runs from a request's first byte, not across the idle time before it.
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function createServer(options: ServerOptions): restify.Server {
  const { adapter, botLogic, store, logger } = options;
  const server = restify.createServer({ name: 'helpline', handleUncaughtExceptions: false });
  server.server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  server.pre((req: Request, res: Response, next: Next) => {
    const id = String(req.headers['x-request-id'] ?? randomUUID()).slice(0, 64);
    (req as Request & { requestId?: string }).requestId = id;
    res.setHeader('x-request-id', id);
    // Once close() was called, the answers still to come end their connection ("Connection: close"):
    // kept alive, each would hold up the shutdown for the whole keep-alive timeout.
    res.once('header', () => {
      if (!server.server.listening) res.setHeader('connection', 'close');
    });
    const started = Date.now();
    res.on('finish', () => {
      logger.info({ reqId: id, method: req.method, path: loggablePath(req.getPath?.() ?? req.url ?? ''), status: res.statusCode, ms: Date.now() - started }, 'request');
    });
    next();
  });

  if (options.clientRateLimit) server.pre(limitPerClient(options.clientRateLimit));

  // The adapter authenticates the request, then runs the turn after the conversation's earlier ones (bots/adapter.ts).
  server.post('/api/messages', jsonBody(), async (req: Request, res: Response) => {
    const parsed = incomingActivitySchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 400, 'invalid_activity', describeActivityError(parsed.error));
    try {
      await adapter.process(req, res, botLogic);
    } catch (error) {
      logger.error({ err: errorSummary(error) }, 'adapter failed');
      if (!res.headersSent) sendError(res, 500, 'internal', 'The message could not be processed. Please try again.');
    }
  });

  server.get('/health', async (_req: Request, res: Response) => {
    try {
      await store.health();
      res.json({ status: 'ok', store: store.kind });
    } catch (error) {
      logger.error({ err: errorSummary(error) }, 'health check failed');
      res.status(503);
      res.json({ status: 'unavailable', store: store.kind });
    }
  });

  for (const register of options.routes ?? []) register(server);

  for (const [route, asset] of Object.entries(STATIC_FILES)) {
    server.get(route, (_req: Request, res: Response, next: Next) => serveFile(res, asset.file, asset.type, next));
  }

  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number; body?: { code?: string } }, callback: () => void) => {
    // Restify's own 404/405 and parse errors, in the JSON error shape every route uses.
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) logger.error({ err: errorSummary(err), path: req.url }, 'unhandled route error');
    (err as unknown as { toJSON: () => unknown }).toJSON = () => ({
      error: { code: status === 404 ? 'not_found' : status === 405 ? 'method_not_allowed' : (err.body?.code ?? 'error').toString().toLowerCase(), message: status === 500 ? 'Something went wrong on our side.' : err.message },
    });
    callback();
  });

  return server;
}

/**
 * One client address flooding the server would slow every conversation's turns: over its token
 * bucket, a client gets 429 with Retry-After before anything else runs. Health probes never count
 * (a load balancer's few addresses must not take an instance out of service).
 */
function limitPerClient(limit: ClientRateLimit) {
  // Real time, not the app's clock: a rate is requests per wall-clock second.
  const limiter = new RateLimiter(limit);
  const exempt = ['/health', ...limit.exemptPaths];
  return (req: Request, res: Response, next: Next) => {
    const path = req.getPath?.() ?? req.url ?? '';
    if (exempt.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) return next();
    const verdict = limiter.hit(clientAddress(req));
    if (verdict.allowed) return next();
    res.setHeader('retry-after', String(verdict.retryAfterSeconds));
    sendError(res, 429, 'too_many_requests', 'Too many requests from this address; please wait a moment and try again.');
    return next(false);
  };
}

function serveFile(res: Response, file: string, type: string, next: Next): void {
  fs.readFile(file, (error, data) => {
    if (error) {
      sendError(res, 404, 'not_found', 'No such page.');
      return next(false);
    }
    res.setHeader('content-type', type);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.writeHead(200);
    res.end(data);
    next(false);
  });
}

/** The request path for logs, without the Direct Line connector's per-conversation key. */
export function loggablePath(p: string): string {
  return p.replace(/\/connector\/[^/]+\//, '/connector/[key]/');
}

/** Error details safe for logs: type and message, never the activity text. */
export function errorSummary(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 500) };
  return { name: typeof error, message: String(error).slice(0, 200) };
}

