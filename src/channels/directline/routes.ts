import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type restify from 'restify';
import type { Request, Response } from 'restify';
import type { Logger } from '../../logging';
import { HttpError, sendFailure } from '../../server/http-errors';
import { jsonBody } from '../../server/json-body';
import { errorSummary } from '../../server/server';
import { generateAzureToken } from './azure-token';
import type { DirectLineBotChannel } from './bot-channel';
import type { ConversationLog } from './conversation-log';
import { clientAddress, type RateLimiter } from '../../server/rate-limit';
import {
  clientActivitySchema,
  conversationIdSchema,
  describeIssue,
  SERVER_USER_ID_PREFIX,
  startConversationSchema,
  tokenRequestSchema,
  watermarkSchema,
} from './schemas';
import { bearerToken, type DirectLineTokens, type TokenClaims } from './tokens';

export const DIRECT_LINE_PATH = '/v3/directline';
export const CONNECTOR_PATH = `${DIRECT_LINE_PATH}/connector`;

export interface ClientRouteDeps {
  tokens: DirectLineTokens;
  log: ConversationLog;
  channel: DirectLineBotChannel;
  limiter: RateLimiter;
  logger: Logger;
  /** False outside local mode: the in-process turn needs channel authentication to be off. */
  enabled: boolean;
  /** HELPLINE_PUBLIC_URL when set; otherwise the base is the host the browser used. */
  publicUrl?: string;
  directLineSecret?: string;
  fetch?: typeof fetch;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/** Routes for Direct Line clients (Web Chat, DirectLineJS, tests) and the widget's token endpoint. */
export function registerClientRoutes(server: restify.Server, deps: ClientRouteDeps): void {
  const { tokens, log, channel, limiter } = deps;
  const connectorBase = () => `${loopbackBase(server)}${CONNECTOR_PATH}`;

  const guard = (handler: Handler, options: { local?: boolean } = {}) => async (req: Request, res: Response) => {
    try {
      if (options.local !== false && !deps.enabled) {
        throw new HttpError(503, 'local_directline_disabled', 'The built-in Direct Line only runs in local mode (no MicrosoftAppId); use Azure Direct Line.');
      }
      await handler(req, res);
    } catch (error) {
      if (!(error instanceof HttpError)) deps.logger.error({ err: errorSummary(error), path: req.getPath?.() }, 'direct line request failed');
      sendFailure(res, error);
    }
  };
  const limit = (req: Request, res: Response) => {
    const verdict = limiter.hit(clientAddress(req));
    if (!verdict.allowed) {
      res.setHeader('retry-after', String(verdict.retryAfterSeconds));
      throw new HttpError(429, 'too_many_requests', 'Too many conversations started from this address; please wait a little.');
    }
  };
  const newConversation = async (body: unknown) => {
    const request = parseBody(tokenRequestSchema, body);
    const userId = request.user?.id ?? `${SERVER_USER_ID_PREFIX}${randomBytes(12).toString('base64url')}`;
    const conversationId = randomBytes(18).toString('base64url');
    return tokens.issue({ conversationId, userId, userName: request.user?.name });
  };
  const conversationOf = async (req: Request): Promise<TokenClaims> => {
    const parsed = conversationIdSchema.safeParse(req.params?.conversationId);
    if (!parsed.success) throw new HttpError(404, 'conversation_not_found', 'No such conversation.');
    return tokens.verifyFor(bearerToken(req.headers.authorization), parsed.data);
  };
  const conversationBody = (token: string, claims: TokenClaims) => ({
    conversationId: claims.conversationId,
    token,
    expires_in: Math.max(0, claims.expiresAt - Math.floor(Date.now() / 1000)),
  });

  server.post(`${DIRECT_LINE_PATH}/tokens/generate`, jsonBody({ optional: true }), guard(async (req, res) => {
    limit(req, res);
    const issued = await newConversation(req.body);
    res.json({ conversationId: issued.claims.conversationId, token: issued.token, expires_in: issued.expiresIn });
  }));

  server.post(`${DIRECT_LINE_PATH}/tokens/refresh`, jsonBody({ optional: true }), guard(async (req, res) => {
    const claims = await tokens.verify(bearerToken(req.headers.authorization));
    const issued = await tokens.issue({ conversationId: claims.conversationId, userId: claims.userId, userName: claims.userName });
    await log.touch(claims.conversationId);
    res.json({ conversationId: claims.conversationId, token: issued.token, expires_in: issued.expiresIn });
  }));

  server.post(`${DIRECT_LINE_PATH}/conversations`, jsonBody({ optional: true }), guard(async (req, res) => {
    const token = bearerToken(req.headers.authorization);
    const claims = await tokens.verify(token);
    parseBody(startConversationSchema, req.body);
    const created = await channel.start(connectorBase(), claims);
    res.status(created ? 201 : 200);
    res.json(conversationBody(token as string, claims));
  }));

  server.get(`${DIRECT_LINE_PATH}/conversations/:conversationId`, guard(async (req, res) => {
    const claims = await conversationOf(req);
    if (!(await log.meta(claims.conversationId))) throw new HttpError(404, 'conversation_not_found', 'This conversation has ended or expired.');
    res.json(conversationBody(bearerToken(req.headers.authorization) as string, claims));
  }));

  server.get(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, guard(async (req, res) => {
    const claims = await conversationOf(req);
    const watermark = watermarkSchema.safeParse(firstQueryValue(req, 'watermark'));
    if (!watermark.success) throw new HttpError(400, 'invalid_watermark', `watermark: ${describeIssue(watermark.error)}`);
    const page = await log.read(claims.conversationId, watermark.data);
    res.json({ activities: page.activities, watermark: String(page.watermark) });
  }));

  server.post(`${DIRECT_LINE_PATH}/conversations/:conversationId/activities`, jsonBody(), guard(async (req, res) => {
    const claims = await conversationOf(req);
    const activity = parseBody(clientActivitySchema, req.body);
    res.json(await channel.receive(connectorBase(), claims, activity));
  }));

  // The widget's entry point: a conversation-scoped token for whichever Direct Line is configured.
  server.post('/api/directline/token', jsonBody({ optional: true }), guard(async (req, res) => {
    limit(req, res);
    if (deps.directLineSecret) {
      const request = parseBody(tokenRequestSchema, req.body);
      // Azure requires "dl_" ids for tokens minted from a secret; a client-chosen id is namespaced under it.
      const id = `${SERVER_USER_ID_PREFIX}${request.user?.id ?? randomBytes(12).toString('base64url')}`;
      const azure = await generateAzureToken(deps.directLineSecret, { id, name: request.user?.name }, deps.fetch);
      res.json({ token: azure.token, conversationId: azure.conversationId, domain: azure.domain, expires_in: azure.expiresIn });
      return;
    }
    if (!deps.enabled) throw new HttpError(503, 'directline_not_configured', 'Set DIRECT_LINE_SECRET to serve the widget outside local mode.');
    const issued = await newConversation(req.body);
    res.json({ token: issued.token, conversationId: issued.claims.conversationId, domain: `${publicBase(req, deps.publicUrl)}${DIRECT_LINE_PATH}`, expires_in: issued.expiresIn });
  }, { local: false }));
}

function parseBody<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new HttpError(400, 'invalid_body', describeIssue(parsed.error));
  return parsed.data;
}

function firstQueryValue(req: Request, name: string): unknown {
  const value = (req.query as Record<string, unknown> | undefined)?.[name] ?? new URL(req.url ?? '/', 'http://x').searchParams.get(name) ?? undefined;
  return Array.isArray(value) ? value[0] : value;
}

/** How this process reaches itself: the bot's replies go here, never through a proxy. */
export function loopbackBase(server: restify.Server): string {
  const address = server.address() as AddressInfo | null;
  if (!address) throw new Error('the server is not listening');
  const host = address.address === '::' || address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

const SAFE_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/** The base URL the browser used, so the widget talks to the same origin (no CORS, no cookies). */
function publicBase(req: Request, configured: string | undefined): string {
  if (configured) return configured.replace(/\/$/, '');
  const host = String(req.headers.host ?? '');
  // Behind a TLS-terminating proxy the page is https, and so must the Direct Line be (mixed content).
  const scheme = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]?.trim() === 'https' ? 'https' : 'http';
  if (SAFE_HOST.test(host)) return `${scheme}://${host}`;
  const port = (req.socket?.localPort ?? 3978).toString();
  return `http://localhost:${port}`;
}
