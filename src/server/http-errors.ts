import type { Response } from 'restify';

/** An error a client caused; rendered as `{ error: { code, message } }` with its status. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function sendError(res: Response, status: number, code: string, message: string): void {
  if (res.headersSent) return;
  res.status(status);
  res.json({ error: { code, message } });
}

/** Sends an HttpError as itself, anything else as a 500 that reveals nothing. */
export function sendFailure(res: Response, error: unknown): void {
  if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message);
  sendError(res, 500, 'internal', 'Something went wrong on our side. Please try again.');
}
