import type restify from 'restify';
import type { Request, Response } from 'restify';
import type { Logger } from '../../logging';
import { HttpError, sendFailure } from '../../server/http-errors';
import { errorSummary } from '../../server/server';
import type { DirectLineBotChannel } from './bot-channel';
import { CONNECTOR_PATH } from './routes';
import { botActivitySchema, conversationIdSchema, describeIssue } from './schemas';

// The bot's own messages can be larger than a user's (a data export is an attachment).
const MAX_BOT_BODY_BYTES = 4 * 1024 * 1024;
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * The slice of the Bot Connector REST API the bot uses to talk to this channel: send to a
 * conversation and reply to an activity (CloudAdapter picks one by replyToId). Proactive
 * messages (continueConversationAsync with a stored reference) arrive here the same way.
 */
export function registerConnectorRoutes(server: restify.Server, deps: { channel: DirectLineBotChannel; logger: Logger }): void {
  const base = `${CONNECTOR_PATH}/:key/v3/conversations/:conversationId/activities`;
  const handle = async (req: Request, res: Response) => {
    try {
      // The bot runs in this process; nobody else may speak as the bot.
      const remote = req.socket?.remoteAddress ?? '';
      if (!LOOPBACK.has(remote) && remote !== req.socket?.localAddress) throw notFound();
      const conversationId = conversationIdSchema.safeParse(req.params?.conversationId);
      if (!conversationId.success || !(await deps.channel.isConnectorKey(conversationId.data, String(req.params?.key ?? '')))) throw notFound();
      const parsed = botActivitySchema.safeParse(await readJson(req));
      if (!parsed.success) throw new HttpError(400, 'invalid_activity', describeIssue(parsed.error));
      const replyToId = typeof req.params?.activityId === 'string' ? req.params.activityId : undefined;
      res.json(await deps.channel.fromBot(conversationId.data, parsed.data, replyToId));
    } catch (error) {
      if (!(error instanceof HttpError)) deps.logger.error({ err: errorSummary(error) }, 'connector request failed');
      sendFailure(res, error);
    }
  };
  server.post(base, handle);
  server.post(`${base}/:activityId`, handle);
}

function notFound(): HttpError {
  return new HttpError(404, 'not_found', 'No such conversation.');
}

function readJson(req: Request): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BOT_BODY_BYTES) {
        req.destroy();
        reject(new HttpError(400, 'body_too_large', 'The activity is too large.'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => reject(new HttpError(400, 'bad_body', 'The request body could not be read.')));
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new HttpError(400, 'invalid_json', 'The body is not valid JSON.'));
      }
    });
  });
}
