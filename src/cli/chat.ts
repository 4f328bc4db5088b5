import readline from 'node:readline';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import pino from 'pino';
import { createApp } from '../app';
import type { AppConfig } from '../config';
import { createLogger } from '../logging';
import { helplineData } from '../dialogs/wire';
import { LogMailer, type Mailer } from '../services/mail/mailer';

/**
 * `helpline chat`: the real app (adapter, dialogs, storage) on a private port, talked to over
 * /api/messages with expectReplies, so the terminal sees exactly what a channel would.
 */
export async function chat(config: AppConfig, input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Promise<void> {
  // Logs would interleave with the conversation, so they go to stderr and only when asked for.
  const logger = createLogger(process.env.LOG_LEVEL ?? 'silent', pino.destination(2));
  const write = (s: string) => output.write(s + '\n');
  // Without SMTP_URL a one-time code goes only to the log, silent here unless LOG_LEVEL says
  // otherwise: the person at the terminal could never verify. They are the developer it is for.
  const mailer = config.env.SMTP_URL ? undefined : terminalMailer(new LogMailer(logger), write);
  const app = await createApp({ ...config, env: { ...config.env, PORT: 0 } }, logger, { mailer });
  const port = await app.listen();
  const base = `http://127.0.0.1:${port}`;
  const user = { id: `cli-${process.env.USER ?? 'user'}`, name: process.env.USER ?? 'You' };
  const conversation = { id: `cli-${randomUUID()}` };
  let suggestions: string[] = [];
  let expects: string | undefined;

  const send = async (activity: Partial<Activity>) => {
    const response = await fetch(`${base}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channelId: 'cli', from: user, recipient: { id: 'helpline' }, conversation, deliveryMode: 'expectReplies', ...activity }),
    });
    const body = (await response.json()) as { activities?: Activity[]; error?: { message: string } };
    if (!response.ok) return write(`! ${body.error?.message ?? response.statusText}`);
    suggestions = [];
    expects = undefined;
    for (const reply of body.activities ?? []) render(reply);
  };

  const render = (reply: Activity) => {
    if (reply.type !== 'message') return;
    const data = helplineData(reply);
    if (data.notice) write(`\n  ┌ Privacy notice (${data.notice.id}, version ${data.notice.version})`);
    const prefix = data.notice ? '  │ ' : data.technician ? `${data.technician.name}: ` : 'Helpline: ';
    if (reply.text) write(prefix + reply.text.split('\n').join(`\n${' '.repeat(data.notice ? 4 : prefix.length)}`));
    if (data.notice) write('  └');
    if (data.redacted?.length) write(`  (removed from your message: ${data.redacted.join(', ')})`);
    for (const a of reply.attachments ?? []) write(`  [attachment ${a.name ?? a.contentType}]${a.contentType === 'application/json' ? '\n' + JSON.stringify(a.content, null, 2) : ''}`);
    const actions = reply.suggestedActions?.actions ?? [];
    if (actions.length) {
      suggestions = actions.map((a) => String(a.value ?? a.title));
      actions.forEach((a, i) => write(`   ${i + 1}) ${a.title}`));
    }
    expects = data.expects ?? expects;
  };

  write(`Helpline chat (${config.policy.company.name}). Type a message; a number picks an option; Ctrl+D or /quit ends.\n`);
  await send({ type: 'conversationUpdate', membersAdded: [user, { id: 'helpline' }] } as Partial<Activity>);
  const rl = readline.createInterface({ input, output, terminal: Boolean((input as { isTTY?: boolean }).isTTY) });
  const promptText = () => (expects && expects !== 'text' ? `(${expects}) > ` : 'You > ');
  rl.setPrompt(promptText());
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit') break;
    if (text) {
      const pick = /^\d+$/.test(text) ? suggestions[Number(text) - 1] : undefined;
      await send({ type: 'message', text: pick ?? text });
    }
    rl.setPrompt(promptText());
    rl.prompt();
  }
  rl.close();
  await app.close();
}

/** Local mode's mail, logged as ever and also shown in the terminal, marked as not sent. */
function terminalMailer(log: LogMailer, write: (s: string) => void): Mailer {
  return {
    kind: 'log',
    async send(mail) {
      await log.send(mail);
      write(`\n  ✉ Mail to ${mail.to} (local mode: SMTP_URL is empty, so it was NOT sent)\n  │ ${mail.subject}\n  │ ${mail.body.split('\n').join('\n  │ ')}\n`);
    },
    close: () => log.close(),
  };
}
