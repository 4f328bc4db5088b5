import type { Next, Request, Response } from 'restify';
import type restify from 'restify';
import { clientAddress } from '../../server/rate-limit';
import { DIRECT_LINE_PATH } from '../../channels/directline/routes';
import type { RouteModule } from '../../server/server';
import { LruMap } from '../../services/lru-map';

const CONVERSATION_URL = new RegExp(`^${DIRECT_LINE_PATH}/conversations/([^/?#]+)/activities(?:[?#]|$)`);
const MAX_TRACKED = 10_000;

/**
 * The network address of the browser behind a conversation, for rate-limiting one-time codes per
 * client. Only the local Direct Line is reached by browsers directly (on /api/messages the caller
 * is a channel service, whose address would lump every user together), and its turn runs inside
 * the browser's POST, right after this hook saw the address. Kept per conversation rather than in
 * async context, which the request body parser does not carry through.
 */
export class ClientAddresses {
  // Bounded: forget the least recently active conversations.
  private readonly byConversation = new LruMap<string, string>(MAX_TRACKED);

  /** Registers the hook that notes the address of each activity a browser posts. */
  readonly route: RouteModule = (server: restify.Server) => {
    server.pre((req: Request, _res: Response, next: Next) => {
      const match = req.method === 'POST' ? CONVERSATION_URL.exec(req.url ?? '') : null;
      if (match) {
        try {
          this.note(decodeURIComponent(match[1]), clientAddress(req));
        } catch {
          // A malformed id: the Direct Line route itself rejects the request.
        }
      }
      return next();
    });
  };

  /** The address of the last browser request in `conversationId`, when it came through the local Direct Line. */
  of(conversationId: string): string | undefined {
    return this.byConversation.get(conversationId);
  }

  note(conversationId: string, address: string): void {
    this.byConversation.set(conversationId, address);
  }
}
