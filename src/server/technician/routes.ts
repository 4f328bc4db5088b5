import type { Request, Response } from 'restify';
import { z } from 'zod';
import type { Logger } from '../../logging';
import type { AbandonedHandoffs } from '../../services/handoff/abandoned-handoffs';
import type { HandoffAuditLog } from '../../services/handoff/audit-log';
import type { ChatPage, Ended, HandoffDesk } from '../../services/handoff/handoff-desk';
import { CONTACT_FIELDS, HANDOFF_STATUSES, HandoffError } from '../../services/handoff/handoff-record';
import type { HandoffQueue } from '../../services/handoff/handoff-queue';
import type { LoginRateLimiter } from '../../services/handoff/login-rate-limit';
import type { TechnicianAccounts } from '../../services/handoff/technician-accounts';
import type { TechnicianSessions } from '../../services/handoff/technician-sessions';
import { HttpError, sendError, sendFailure } from '../http-errors';
import { jsonBody } from '../json-body';
import { clientAddress } from '../rate-limit';
import type { RouteModule } from '../server';
import { authenticate, clearedCookie, sessionCookie, type Authenticated } from './auth';
import type { HandoffViews } from './views';

export const BASE = '/api/technician';
export const SESSION_EXPIRES_HEADER = 'x-session-expires';

export interface TechnicianApiDeps {
  accounts: TechnicianAccounts;
  sessions: TechnicianSessions;
  limiter: LoginRateLimiter;
  queue: HandoffQueue;
  desk: HandoffDesk;
  audit: HandoffAuditLog;
  views: HandoffViews;
  /** Cookies get `Secure` when the console is served over https. */
  secureCookies: boolean;
  logger: Logger;
  /** Puts live chats whose technician has no session left back in the queue (at sign-out; a timer does it otherwise). */
  abandoned?: Pick<AbandonedHandoffs, 'sweep'>;
  /** Longest a GET .../messages waits for a new message (the spec allows 25 s). */
  longPollMaxMs?: number;
}

const loginBody = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(1024) });
// Control characters (tab and newline aside) and lone surrogates are nothing a technician meant to
// send, and some channels refuse or mangle them: the controls go, a lone surrogate becomes U+FFFD.
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const printable = (text: string) => text.replace(CONTROLS, '').replace(LONE_SURROGATE, '\ufffd');
/** Text a technician writes (a reply, a release note, a resolution): made printable, trimmed, then checked. */
const typed = (check: (trimmed: z.ZodString) => z.ZodString) => z.string().transform(printable).pipe(check(z.string().trim()));
const messageBody = z.object({ text: typed((s) => s.min(1, 'text must not be empty').max(4000)) });
const revealBody = z.object({ field: z.enum(CONTACT_FIELDS) });
// A malformed cursor and one past the end (HandoffDesk.messagesFor) answer the same code and remedy, so a client handles both once.
const CURSOR_HINT = 'give the cursor of an earlier answer, or none to read the chat from its start';
// Cursors are ten digits, compared as text: a shorter one ('5') would be read as after '0000000005' is not.
const cursor = z.string().regex(/^\d{10}$/, CURSOR_HINT);
// `after`: the console's chat cursor, so the answer carries what the user wrote since (see HandoffDesk.afterEnd).
// Notes are read by the next technician and shown in the console, where a control character is as unwanted as in a reply.
const releaseBody = z.object({ note: typed((s) => s.max(2000)).optional(), after: cursor.optional() });
const resolveBody = z.object({ resolution: typed((s) => s.min(1, 'resolution must not be empty').max(2000)), after: cursor.optional() });
const listQuery = z.object({ status: z.enum(HANDOFF_STATUSES).optional() });
const messagesQuery = z.object({ after: cursor.optional(), wait: z.coerce.number().min(0).max(25).optional() });
const auditQuery = z.object({ handoff: z.string().max(64).optional() });
const ID = /^[A-Za-z0-9-]{1,64}$/;
/** A ticket id as a user reads it out ('T-7KX2M9QD4P'), which a technician may type in lower case. */
const TICKET = /^t-[a-z0-9]+$/i;

const STATUS_OF: Record<HandoffError['code'], number> = { not_found: 404, conflict: 409, not_holder: 409, ended: 409, invalid_request: 400, forbidden: 403, unreachable: 410 };

/** The technician API (technician-api.md) under /api/technician. */
export function technicianApi(deps: TechnicianApiDeps): RouteModule {
  return (server) => {
    type Handler = (req: Request, res: Response, auth: Authenticated) => Promise<void>;
    /** Authenticated route: 401/403 before the handler, every failure in the JSON error shape. */
    const authed = (handler: Handler) => async (req: Request, res: Response) => {
      try {
        const auth = await authenticate(req, res, deps.sessions);
        if (!auth) return;
        // Each use pushes the expiry on; a client that shows it (or signs out before it) reads it here.
        res.setHeader(SESSION_EXPIRES_HEADER, new Date(auth.session.expiresAt).toISOString());
        await handler(req, res, auth);
      } catch (error) {
        if (error instanceof HandoffError) sendError(res, STATUS_OF[error.code], error.code, error.message);
        else {
          if (!(error instanceof HttpError)) deps.logger.error({ err: error instanceof Error ? error.message : String(error), path: req.getPath() }, 'technician api failed');
          sendFailure(res, error);
        }
      }
    };
    const chatPage = (page: ChatPage) => ({ messages: page.messages.map((m) => deps.views.chatMessage(m, page.byReader)), cursor: page.cursor });
    /** The ended handoff, and the last of its chat: an unrecorded one is deleted as it ends, so this answer is the only place left to read it. */
    const endedView = async ({ handoff, last }: Ended) => {
      const detail = await deps.views.detail(handoff);
      return { ...detail, ...chatPage(last) };
    };
    const idOf = (req: Request): string => {
      const id = String(req.params?.id ?? '');
      if (!ID.test(id)) throw new HandoffError('not_found', 'There is no handoff with this id.');
      return TICKET.test(id) ? id.toUpperCase() : id;
    };

    server.post(`${BASE}/login`, jsonBody(), async (req: Request, res: Response) => {
      try {
        const body = parse(loginBody, req.body);
        const address = clientAddress(req);
        const wait = deps.limiter.attemptFrom(address) || (await deps.limiter.retryAfterSeconds(body.username, address));
        if (wait > 0) {
          res.setHeader('retry-after', String(wait));
          sendError(res, 429, 'too_many_attempts', `Too many sign-in attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
          return;
        }
        const technician = await deps.accounts.verify(body.username, body.password);
        if (!technician) {
          await deps.limiter.recordFailure(body.username, address);
          sendError(res, 401, 'invalid_credentials', 'The username or password is wrong.');
          return;
        }
        await deps.limiter.reset(body.username, address);
        const { token, expiresAt } = await deps.sessions.create(technician);
        res.setHeader('set-cookie', sessionCookie(token, deps.sessions.maxAgeSeconds, deps.secureCookies));
        res.setHeader('cache-control', 'no-store');
        res.json({ token, expiresAt, technician: { id: technician.id, name: technician.name, roles: technician.roles } });
      } catch (error) {
        if (!(error instanceof HttpError)) deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'login failed');
        sendFailure(res, error);
      }
    });

    // Logout needs no body, so whatever is sent (a form post, text) is drained unread, not refused.
    server.post(`${BASE}/logout`, authed(async (req, res, auth) => {
      req.resume();
      await deps.sessions.revoke(auth.token);
      // A chat left open at sign-out goes to a colleague now, not at the timer's next pass; a failure here is the timer's to put right.
      await deps.abandoned?.sweep(auth.actor.technicianId).catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'sweep at sign-out failed'));
      res.setHeader('set-cookie', clearedCookie(deps.secureCookies));
      res.send(204);
    }));

    server.get(`${BASE}/handoffs`, authed(async (req, res) => {
      const { status } = parseQuery(listQuery, req);
      const handoffs = await deps.queue.list(status);
      res.json({ handoffs: handoffs.map((h) => deps.views.listItem(h)) });
    }));

    server.get(`${BASE}/handoffs/:id`, authed(async (req, res) => {
      res.json(await deps.views.detail(await deps.desk.get(idOf(req))));
    }));

    server.post(`${BASE}/handoffs/:id/claim`, jsonBody({ optional: true }), authed(async (req, res, auth) => {
      const claimed = await deps.desk.claim(idOf(req), auth.actor);
      res.json(await deps.views.detail(claimed));
    }));

    server.post(`${BASE}/handoffs/:id/messages`, jsonBody(), authed(async (req, res, auth) => {
      const id = idOf(req);
      const { text } = parse(messageBody, req.body);
      await deps.desk.sendToUser(id, auth.actor, text);
      res.status(202);
      res.json({ status: 'sent' });
    }));

    server.get(`${BASE}/handoffs/:id/messages`, authed(async (req, res, auth) => {
      const id = idOf(req);
      const query = parseQuery(messagesQuery, req);
      const max = deps.longPollMaxMs ?? 25_000;
      const waitMs = Math.min(max, query.wait === undefined ? max : query.wait * 1000);
      const abort = new AbortController();
      res.on('close', () => abort.abort());
      const page = await deps.desk.messagesFor(id, auth.actor, query.after, waitMs, abort.signal);
      if (abort.signal.aborted && !res.writable) return;
      res.setHeader('cache-control', 'no-store');
      res.json(chatPage(page));
    }));

    server.post(`${BASE}/handoffs/:id/reveal`, jsonBody(), authed(async (req, res, auth) => {
      const id = idOf(req);
      const { field } = parse(revealBody, req.body);
      const value = await deps.desk.reveal(id, auth.actor, field);
      res.setHeader('cache-control', 'no-store');
      res.json({ value: value ?? null });
    }));

    server.post(`${BASE}/handoffs/:id/release`, jsonBody({ optional: true }), authed(async (req, res, auth) => {
      const id = idOf(req);
      const { note, after } = parse(releaseBody, req.body ?? {});
      res.json(await endedView(await deps.desk.release(id, auth.actor, note, after)));
    }));

    server.post(`${BASE}/handoffs/:id/resolve`, jsonBody(), authed(async (req, res, auth) => {
      const id = idOf(req);
      const { resolution, after } = parse(resolveBody, req.body);
      res.json(await endedView(await deps.desk.resolve(id, auth.actor, resolution, after)));
    }));

    server.get(`${BASE}/audit`, authed(async (req, res, auth) => {
      if (!auth.actor.supervisor) throw new HandoffError('forbidden', 'Only supervisors can read the audit log.');
      const { handoff } = parseQuery(auditQuery, req);
      res.json({ entries: await deps.audit.list(handoff) });
    }));
  };
}

/**
 * Validates the query string (the server has no query parser plugin). A parameter the route reads
 * given twice (?status=waiting&status=assigned) is a 400 naming it: taking one of the two would
 * answer a question the client did not ask.
 */
function parseQuery<T extends z.ZodRawShape>(schema: z.ZodObject<T>, req: Request): z.infer<z.ZodObject<T>> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  for (const name of Object.keys(schema.shape)) {
    if (params.getAll(name).length > 1) throw new HttpError(400, 'invalid_request', `${name}: give this parameter once; it was repeated`);
  }
  return parse(schema, Object.fromEntries(params));
}

/** Validates a body or query; a bad one is the client's mistake: 400 naming the field. */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new HttpError(400, 'invalid_request', `${issue.path.join('.') || 'body'}: ${issue.message}`);
}
