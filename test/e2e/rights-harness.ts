import type { Activity } from 'botbuilder';
import type { Mailer } from '../../src/services/mail/mailer';
import { createRightsServices, type RightsServices } from '../../src/services/privacy/requests';
import type { DataExport } from '../../src/services/privacy/requests/data-export';
import { startSmtpCapture, type SmtpCapture } from '../services/mail/smtp-capture';
import { data, startTestBot, type TestBot, type TestConversation } from '../support/conversation';

export interface RightsBot {
  bot: TestBot;
  smtp: SmtpCapture;
  /** Services over the app's own store, for seeding and for checking what was stored. */
  rights: RightsServices;
  close(): Promise<void>;
}

const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };

/** The real app with its mail going to an SMTP server inside the test. */
export async function startRightsBot(): Promise<RightsBot> {
  const smtp = await startSmtpCapture();
  const bot = await startTestBot({ env: { SMTP_URL: smtp.url }, start: Date.parse('2026-03-31T12:00:00Z') });
  const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: noMail, now: bot.clock.now });
  return {
    bot,
    smtp,
    rights,
    close: async () => {
      await bot.close();
      await smtp.close();
    },
  };
}

/**
 * The rights bot for the tests of the file that calls this: started before them (then `seed` run), closed
 * after. Its fields are there once the tests run.
 */
export function useRightsBot(seed?: (rb: RightsBot) => Promise<void>): RightsBot {
  const rb = {} as RightsBot;
  beforeAll(async () => {
    Object.assign(rb, await startRightsBot());
    await seed?.(rb);
  }, 90_000);
  afterAll(async () => {
    await rb.close?.();
  });
  return rb;
}

/** Everything the bot said in a list of replies, as one string. */
export const said = (replies: Partial<Activity>[]) => replies.map((a) => a.text ?? '').join('\n');

/** The receipt on any of the replies (the last one when several carry one). */
export const receiptIn = (replies: Partial<Activity>[]) => replies.map((a) => data(a).request).filter(Boolean).at(-1);

/** The titles of the quick replies offered. */
export const quickReplies = (replies: Partial<Activity>[]) => replies.flatMap((a) => a.suggestedActions?.actions.map((x) => x.title) ?? []);

/** What the last prompt of the replies waits for. */
export const expectsIn = (replies: Partial<Activity>[]) => replies.map((a) => data(a).expects).filter(Boolean).at(-1);

/** The data export attachment in the replies, if any. */
export function exportIn(replies: Partial<Activity>[]): DataExport | undefined {
  const attachment = replies.flatMap((a) => a.attachments ?? []).find((x) => x.name === 'helpline-data-export.json');
  return attachment?.content as DataExport | undefined;
}

/** Runs the email-code verification in `conversation`: types `email`, then the code mailed to it. */
/** `answer`: what the user types at the address question (the address, or "yes" to one offered back), `email` where the code goes. */
export async function verifyByEmail(rb: RightsBot, conversation: TestConversation, answer: string, email = answer): Promise<Partial<Activity>[]> {
  const before = rb.smtp.mails.length;
  const sent = await conversation.say(answer);
  if (!said(sent).includes('If that address is on file')) throw new Error(`no code was offered: ${said(sent)}`);
  const mail = await rb.smtp.waitFor(email.toLowerCase(), { after: before, latest: true });
  const code = /verification code is (\d{6})/.exec(mail.raw)?.[1] as string;
  return conversation.say(code);
}
