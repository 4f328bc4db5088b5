import { AsyncLocalStorage } from 'node:async_hooks';
import type { Next, Request, Response } from 'restify';
import type restify from 'restify';
import { clientAddress } from '../../channels/directline/rate-limit';
import { DIRECT_LINE_PATH } from '../../channels/directline/routes';
import type { RouteModule } from '../../server/server';

const current = new AsyncLocalStorage<string>();

/**
 * The network address of the browser behind this turn, for rate-limiting one-time codes per
 * client. Only the local Direct Line is reached by browsers directly: on /api/messages the
 * caller is a channel service, whose address would lump every user together, so none is given.
 */
export const clientAddressRoute: RouteModule = (server: restify.Server) => {
  server.pre((req: Request, _res: Response, next: Next) => {
    if (!(req.url ?? '').startsWith(DIRECT_LINE_PATH) || (req.url ?? '').startsWith(`${DIRECT_LINE_PATH}/connector`)) return next();
    current.run(clientAddress(req), () => next());
  });
};

/** The client address of the request this turn runs in, when known. */
export function currentClientAddress(): string | undefined {
  return current.getStore();
}

/** Runs `work` as if it came from `address` (tests, the CLI). */
export function withClientAddress<T>(address: string, work: () => T): T {
  return current.run(address, work);
}
