import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Logger } from '../../logging';

/** One plain-text email. */
export const mailSchema = z.object({
  to: z.string().email(),
  subject: z.string().min(1).max(200),
  body: z.string().min(1),
});
export type Mail = z.infer<typeof mailSchema>;

export interface Mailer {
  /** 'smtp' really sends; 'log' writes the mail to the log (local development only). */
  readonly kind: 'smtp' | 'log';
  send(mail: Mail): Promise<void>;
  /** Connects to the mail server without sending anything; rejects when it cannot be reached. Without it the server counts as reachable. */
  verify?(): Promise<void>;
  close(): void;
}

// A failure of one mail (its recipient or content refused), not of the mail service.
const MAIL_REFUSED = new Set(['EENVELOPE', 'EMESSAGE', 'ESTREAM']);

/** Whether a send or verify failed because the mail service is down or misconfigured (nodemailer's error codes), not because of this one mail. */
export function isMailOutage(error: unknown): boolean {
  return !MAIL_REFUSED.has(String((error as { code?: unknown } | undefined)?.code ?? ''));
}

/** Sends through the SMTP server named by SMTP_URL (smtp:// or smtps://, credentials in the URL). */
export class SmtpMailer implements Mailer {
  readonly kind = 'smtp' as const;
  private readonly transport;

  constructor(
    url: string,
    private readonly from: string,
    options: { tlsRejectUnauthorized?: boolean } = {},
  ) {
    // Options go in the URL's query string so nodemailer parses credentials, port and secure from it.
    const parsed = new URL(url);
    if (options.tlsRejectUnauthorized === false) parsed.searchParams.set('tls.rejectUnauthorized', 'false');
    this.transport = nodemailer.createTransport(parsed.toString());
  }

  async send(mail: Mail): Promise<void> {
    const m = mailSchema.parse(mail);
    await this.transport.sendMail({ from: this.from, to: m.to, subject: m.subject, text: m.body });
  }

  async verify(): Promise<void> {
    await this.transport.verify();
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Local mode without SMTP: the mail is written to the log so a developer can follow a
 * verification by hand. Logged at warn with an unmistakable marker, because the body carries a
 * one-time code; production never gets here (createMailer refuses).
 */
export class LogMailer implements Mailer {
  readonly kind = 'log' as const;

  constructor(private readonly logger: Logger) {}

  async send(mail: Mail): Promise<void> {
    const m = mailSchema.parse(mail);
    this.logger.warn(
      { localMode: true, mail: { to: m.to, subject: m.subject, body: m.body } },
      'LOCAL MODE: SMTP_URL is empty, so this mail was NOT sent; it is written to the log instead (never do this in production)',
    );
  }

  close(): void {}
}

export class MailerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailerConfigError';
  }
}

export interface MailerSettings {
  SMTP_URL?: string;
  NODE_ENV: 'development' | 'production' | 'test';
}

/** The mailer the environment asks for: SMTP when SMTP_URL is set, the log in local mode, nothing in production. */
export function createMailer(env: MailerSettings, from: string, logger: Logger): Mailer {
  if (env.SMTP_URL) return new SmtpMailer(env.SMTP_URL, from);
  if (env.NODE_ENV === 'production') {
    throw new MailerConfigError('SMTP_URL: required in production (one-time codes must really be sent)');
  }
  return new LogMailer(logger);
}
