import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
  from: string;
  to: string[];
  /** Headers and body, transfer encoding undone (quoted-printable). */
  raw: string;
  subject: string;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  mails: CapturedMail[];
  /**
   * Resolves with a mail to `to` among those after the first `after`, waiting up to `timeoutMs`.
   * With `latest`, waits for mail to settle and returns the newest one (a mail started earlier
   * may still be in flight).
   */
  waitFor(to: string, options?: { after?: number; timeoutMs?: number; latest?: boolean }): Promise<CapturedMail>;
  close(): Promise<void>;
}

/** A real SMTP server in the test process that keeps every mail it receives. */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const mails: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = decodeQuotedPrintable(Buffer.concat(chunks).toString('utf8'));
        const subject = /^Subject: (.*)$/im.exec(raw)?.[1]?.trim() ?? '';
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        mails.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, subject });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(to, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 5000);
      for (;;) {
        const found = mails.slice(options.after ?? 0).find((m) => m.to.includes(to));
        if (found && options.latest) {
          await new Promise((r) => setTimeout(r, 250));
          return mails.filter((m) => m.to.includes(to)).at(-1) as CapturedMail;
        }
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no mail to ${to} arrived`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in a verification mail. */
export function codeIn(mail: CapturedMail): string {
  const code = /verification code is (\d{6})/.exec(mail.raw)?.[1];
  if (!code) throw new Error('no code in the mail');
  return code;
}

function decodeQuotedPrintable(text: string): string {
  if (!/Content-Transfer-Encoding: quoted-printable/i.test(text)) return text;
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
