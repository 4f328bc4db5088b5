import { Writable } from 'node:stream';
import { createLogger } from '../../../src/logging';
import { createMailer, LogMailer, MailerConfigError, SmtpMailer } from '../../../src/services/mail/mailer';
import { startSmtpCapture, type SmtpCapture } from './smtp-capture';

let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp.close();
});

function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { logger: createLogger('info', stream), lines };
}

describe('mailer', () => {
  it('delivers a plain-text mail through the SMTP server named by SMTP_URL, from the configured sender', async () => {
    const mailer = createMailer({ SMTP_URL: smtp.url, NODE_ENV: 'development' }, 'Brightside Helpline <no-reply@brightside.example>', logSink().logger);
    expect(mailer).toBeInstanceOf(SmtpMailer);
    await mailer.send({ to: 'ada@example.com', subject: 'Your code', body: 'Your code is 123456.' });
    const mail = await smtp.waitFor('ada@example.com');
    expect(mail.from).toBe('no-reply@brightside.example');
    expect(mail.subject).toBe('Your code');
    expect(mail.raw).toContain('Your code is 123456.');
    mailer.close();
  });

  it('without SMTP_URL in development, writes the mail to the log marked as local mode and sends nothing', async () => {
    const { logger, lines } = logSink();
    const before = smtp.mails.length;
    const mailer = createMailer({ NODE_ENV: 'development' }, 'x@example.com', logger);
    expect(mailer).toBeInstanceOf(LogMailer);
    await mailer.send({ to: 'bob@example.com', subject: 'Code', body: 'Your code is 654321.' });
    await new Promise((r) => setTimeout(r, 50));
    const line = lines.find((l) => String(l.msg).includes('LOCAL MODE'));
    expect(line).toBeDefined();
    expect(line?.level).toBe(40); // warn, so it stands out
    expect(line).toMatchObject({ localMode: true, mail: { to: 'bob@example.com', body: 'Your code is 654321.' } });
    expect(smtp.mails.length).toBe(before);
  });

  it('refuses to run without SMTP in production', () => {
    expect(() => createMailer({ NODE_ENV: 'production' }, 'x@example.com', logSink().logger)).toThrow(MailerConfigError);
    expect(() => createMailer({ NODE_ENV: 'production' }, 'x@example.com', logSink().logger)).toThrow(/SMTP_URL/);
  });

  it('rejects a malformed recipient before talking to the server', async () => {
    const mailer = new SmtpMailer(smtp.url, 'x@example.com');
    await expect(mailer.send({ to: 'not an address', subject: 's', body: 'b' })).rejects.toThrow();
    mailer.close();
  });
});
