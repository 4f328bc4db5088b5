import type { Request, Response, Next } from 'restify';
import { sendError } from './http-errors';

export const MAX_BODY_BYTES = 256 * 1024;

// Keys that could reach Object.prototype if a body were ever merged into another object.
const POISONED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Reads a JSON body with a size limit. Malformed input is the client's mistake, so it gets a
 * 400 with a JSON error (never a 500), and the connection is left in a clean state.
 */
export function jsonBody(options: { optional?: boolean } = {}) {
  return (req: Request, res: Response, next: Next) => {
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return next();
    const length = Number(req.headers['content-length'] ?? 0);
    if (length === 0 && req.headers['transfer-encoding'] === undefined) {
      if (options.optional) {
        (req as { body?: unknown }).body = {};
        return next();
      }
      sendError(res, 400, 'empty_body', 'The request needs a JSON body.');
      return next(false);
    }
    const type = String(req.headers['content-type'] ?? '');
    if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) {
      sendError(res, 400, 'unsupported_content_type', 'Send the body as application/json.');
      req.resume();
      return next(false);
    }
    if (length > MAX_BODY_BYTES) {
      sendError(res, 400, 'body_too_large', `The body must be at most ${MAX_BODY_BYTES / 1024} KB.`);
      req.resume();
      return next(false);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        sendError(res, 400, 'body_too_large', `The body must be at most ${MAX_BODY_BYTES / 1024} KB.`);
        next(false);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      if (failed) return;
      failed = true;
      sendError(res, 400, 'bad_body', 'The request body could not be read.');
      next(false);
    });
    req.on('end', () => {
      if (failed) return;
      try {
        (req as { body?: unknown }).body = JSON.parse(Buffer.concat(chunks).toString('utf8'), (key, value) =>
          POISONED_KEYS.has(key) ? undefined : value,
        );
      } catch {
        sendError(res, 400, 'invalid_json', 'The body is not valid JSON.');
        return next(false);
      }
      next();
    });
  };
}
