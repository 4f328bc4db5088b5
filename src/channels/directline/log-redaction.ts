import { endsWithSecretLeadIn, PASSWORD_TALK_MESSAGES, redactAll, redactDeep, redactSecrets, talksOfPasswords } from '../../services/privacy/redaction';
import { SECRET_MARKER } from '../../services/privacy/redaction/types';
import { holdsCode } from '../../services/privacy/requests/verification';

// Web Chat matches its own echo by these, so they must come back unchanged (they are random ids).
const CLIENT_BOOKKEEPING = new Set(['clientActivityID', 'clientTimestamp']);

export interface LogRedactionOptions {
  /** What the bot's last prompt asked for (its channelData.helpline.expects): the answer's code ('otp') or number ('name') is dropped. */
  asked?: string;
  /** As for the redaction middleware: the open question or the user's last message talks about a password, or one was removed from that message. */
  passwordTalk?: boolean;
  /** Card data was removed from the user's last message: the digits this one starts with are the rest of the number. */
  cardContinues?: boolean;
  /** The user's last message ended with "my password is" (or "PIN:", "the door code is") and no value: this one starts with it. */
  secretFollows?: boolean;
  defaultRegion: string;
}

type Recent = Record<string, unknown> & { type: string };
const CARD_TYPES = new Set(['credit_card', 'cvv', 'card_expiry']);

/** The channelData.helpline a logged activity carries (what a prompt expects, what was removed, the guide step). */
const helpline = (a: Recent) => (a.channelData as { helpline?: { expects?: string; redacted?: string[]; step?: { flow: string; stepId: string } } } | undefined)?.helpline;
const fromBot = (a: Recent) => a.type === 'message' && (a.from as { role?: string } | undefined)?.role === 'bot';

/**
 * What the log copy of the next user message must know from the conversation so far (`recent`, newest
 * first), as the bot's middleware knows it from the stored state: what the last question asked for and
 * whether it talks about a password, and what the bot's echo said it removed from the user's last message.
 */
export function logContext(recent: readonly Recent[]): Omit<LogRedactionOptions, 'defaultRegion'> {
  const userAt = recent.findIndex((a) => a.type === 'message' && !fromBot(a));
  const lastTurn = userAt < 0 ? recent : recent.slice(0, userAt);
  const lastBot = recent.find(fromBot);
  const removed = lastTurn.filter(fromBot).flatMap((a) => helpline(a)?.redacted ?? []);
  const prompt = lastBot && helpline(lastBot)?.expects !== undefined && typeof lastBot.text === 'string' ? lastBot.text : '';
  const lastUserText = userAt < 0 ? undefined : recent[userAt]?.text;
  const secretFollows = typeof lastUserText === 'string' && endsWithSecretLeadIn(lastUserText);
  return {
    asked: lastBot ? helpline(lastBot)?.expects : undefined,
    passwordTalk:
      secretFollows ||
      removed.includes('password') ||
      (prompt !== '' && talksOfPasswords(prompt)) ||
      (typeof lastUserText === 'string' && talksOfPasswords(lastUserText)) ||
      passwordTalkLasts(recent),
    secretFollows,
    cardContinues: removed.some((t) => CARD_TYPES.has(t)),
  };
}


/**
 * Whether a password named or removed two or three messages back still counts, as the middleware keeps it: while
 * the user stays at the same question ("ok", then "maybe its hunter2?" at the Wi-Fi password step). The question is
 * known by its guide step where it has one (a re-ask keeps the step but not the words), else by its words.
 */
function passwordTalkLasts(recent: readonly Recent[]): boolean {
  const users = recent.flatMap((a, at) => (a.type === 'message' && !fromBot(a) ? [at] : [])).slice(0, PASSWORD_TALK_MESSAGES);
  // The question open when the message at `at` was typed: the newest prompt older than it (-1: the message being logged).
  const openAt = (at: number) => {
    const asked = recent.slice(at + 1).find((a) => fromBot(a) && helpline(a)?.expects !== undefined);
    const step = asked && helpline(asked)?.step;
    return asked === undefined ? undefined : step ? `${step.flow}/${step.stepId}` : String(asked.text);
  };
  const now = openAt(-1);
  for (let k = 1; k < users.length; k++) {
    // Every message since the one that named the password was typed at the question open now.
    if (users.slice(0, k).some((at) => openAt(at) !== now) || now === undefined) return false;
    const at = users[k];
    const text = recent[at].text;
    const replies = recent.slice(users[k - 1] + 1, at).filter(fromBot);
    if ((typeof text === 'string' && talksOfPasswords(text)) || replies.some((a) => helpline(a)?.redacted?.includes('password'))) return true;
  }
  return false;
}

// Four or more digits, also in groups ("82 19 44"): as long as a PIN or code, or longer.
const NUMBER = /(?<![\p{L}\p{N}])\d(?:[ -]?\d){3,}(?![\p{L}\p{N}])/gu;

/**
 * A name has no digits (the name question refuses them), so a number typed with it ("Jane 493821")
 * is a code, PIN or account number: dropped, unless it reads as the phone number the question keeps.
 */
function withoutNumbers(text: string, defaultRegion: string): string {
  const phones = redactAll(text, { defaultRegion }).found.filter((f) => f.type === 'phone');
  return text.replace(NUMBER, (number: string, at: number) => (phones.some((p) => p.start <= at && at + number.length <= p.end) ? number : SECRET_MARKER));
}

/**
 * The copy of a user's activity that the Direct Line log keeps and echoes back: every secret the
 * redactor finds (cards, passwords, codes...) is gone from text, values, attachments and channel
 * data. Personal data the user typed stays: it is their own conversation. The bot still receives
 * the original, because its middleware must notice the secret to tell the user it was removed.
 */
export function redactForLog<T extends Record<string, unknown>>(activity: T, options: LogRedactionOptions): T {
  // No expectingOtp here: that lets the bot's own code through for its dialog, and this copy is kept.
  const redact = (text: string) =>
    redactSecrets(text, { defaultRegion: options.defaultRegion, passwordTalk: options.passwordTalk, cardContinues: options.cardContinues, secretFollows: options.secretFollows }).text;
  const copy: Record<string, unknown> = { ...activity };
  if (typeof copy.text === 'string') {
    // The answer to the code question, as that question reads it: whole or in groups ("82 19 44").
    if (options.asked === 'otp' && holdsCode(copy.text)) copy.text = SECRET_MARKER;
    else copy.text = options.asked === 'name' ? withoutNumbers(redact(copy.text), options.defaultRegion) : redact(copy.text);
  }
  for (const field of ['value', 'attachments', 'entities'] as const) {
    if (copy[field] !== undefined) copy[field] = redactDeep(copy[field], redact);
  }
  if (copy.channelData && typeof copy.channelData === 'object') {
    const channelData: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(copy.channelData as Record<string, unknown>)) {
      channelData[key] = CLIENT_BOOKKEEPING.has(key) ? value : redactDeep(value, redact);
    }
    copy.channelData = channelData;
  }
  return copy as T;
}
