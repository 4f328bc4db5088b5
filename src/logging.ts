import pino, { type Logger } from 'pino';

export type { Logger };

// Message text never appears at info level: log lines carry ids, types and sizes. Anything
// that does carry user text goes through the redactor first (see src/bots/middleware).
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'helpline' },
      redact: {
        paths: ['text', '*.text', 'password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers.authorization', 'req.headers.cookie'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
