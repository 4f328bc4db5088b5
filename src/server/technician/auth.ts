import type { Request, Response } from 'restify';
import type { Actor } from '../../services/handoff/handoff-desk';
import type { Session, TechnicianSessions } from '../../services/handoff/technician-sessions';
import { sendError } from '../http-errors';

export const SESSION_COOKIE = 'helpline_technician';
/** The console sends this on every state-changing request, so a cookie alone never suffices (CSRF). */
export const CONSOLE_HEADER = 'x-helpline-console';
const COOKIE_PATH = '/api/technician';

export interface Authenticated {
  session: Session;
  actor: Actor;
  token: string;
}

/** The token of a request: `Authorization: Bearer` first, else the console's session cookie. */
export function tokenOf(req: Request): { token?: string; viaCookie: boolean } {
  const header = String(req.headers.authorization ?? '');
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  if (bearer) return { token: bearer[1], viaCookie: false };
  const cookie = String(req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return { token: cookie ? decodeURIComponent(cookie.slice(SESSION_COOKIE.length + 1)) : undefined, viaCookie: Boolean(cookie) };
}

/** The signed-in technician, or undefined after answering 401 (missing, forged or expired token) or 403 (cookie without the console header). */
export async function authenticate(req: Request, res: Response, sessions: TechnicianSessions): Promise<Authenticated | undefined> {
  const { token, viaCookie } = tokenOf(req);
  const session = await sessions.authenticate(token);
  if (!session || !token) {
    res.setHeader('www-authenticate', 'Bearer realm="helpline-technician"');
    sendError(res, 401, 'unauthenticated', 'Sign in first: POST /api/technician/login, then send the token as a Bearer token.');
    return undefined;
  }
  if (viaCookie && req.method !== 'GET' && req.headers[CONSOLE_HEADER] !== '1') {
    sendError(res, 403, 'missing_console_header', `Requests authenticated by the session cookie must send the ${CONSOLE_HEADER}: 1 header.`);
    return undefined;
  }
  const actor: Actor = { technicianId: session.technicianId, name: session.name, supervisor: session.roles.includes('supervisor') };
  return { session, actor, token };
}

export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${encodeURIComponent(token)}`, `Path=${COOKIE_PATH}`, `Max-Age=${maxAgeSeconds}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedCookie(secure: boolean): string {
  return sessionCookie('', 0, secure);
}
