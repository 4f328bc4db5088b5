import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { TurnGuard } from '../../bots/helpline-bot';
import type { HandoffRecord } from '../../services/handoff/handoff-record';
import { maskAddress, numberEnding, pickedOf, readEmail, readPhone, type FieldReading } from '../../services/privacy/contact-fields';
import type { ProfileService } from '../../services/privacy/profile';
import { forNextMessage, justSaid, type ConversationData } from '../conversation-data';
import { staffOf } from '../../services/handoff/handoff-texts';
import { userIdOf } from '../identity';
import { message } from '../wire';

export interface FollowUpCorrectionDeps {
  /** The callback or email ticket opened in this very conversation, if it still waits. */
  followUpOpenedHere(context: TurnContext): Promise<HandoffRecord | undefined>;
  /** The user's newest waiting callback or email ticket, from any conversation. */
  openFollowUp(context: TurnContext): Promise<HandoffRecord | undefined>;
  /** Whether the bot asks nothing (no dialog under way). */
  nothingAsked(context: TurnContext): Promise<boolean>;
  profiles: Pick<ProfileService, 'get' | 'setFields'>;
  /** config.policy.defaultRegion: how a national number is read. */
  defaultRegion: string;
  /** Where the numbers of "That's two numbers. Which is the right one?" wait for the next message. */
  conversationData: StatePropertyAccessor<ConversationData>;
}

// "sorry wrong number", "i gave you the wrong email", "oops typo in my number", "i mistyped it".
const SAYS_WRONG = /\b(?:wrong|incorrect|typo|mistyped|misspelt|misspelled|meant|mistake|oops|actually|sorry|instead|correct(?:ion)?|change|update|new)\b/i;
const NAMES_NUMBER = /\b(?:number|phone|mobile|cell|digits?)\b/i;
const NAMES_EMAIL = /\b(?:e-?mail|address)\b/i;

/**
 * Right after a callback or email ticket opened in this chat, the user puts right the number or
 * address they just gave ("sorry wrong number, its 415 555 2672", "oops i meant jane@example.org",
 * or the new one alone). It was read as out of scope, or as a data correction that asks for a code
 * sent to an email a callback user may not have: the ticket kept a number no one can be reached on.
 * In a later chat the user's newest waiting ticket takes a new one said to replace it ("please call me
 * on 646 555 0111 instead"), as a new one given for the ticket, as after "no" to the number on
 * file offered; an email address from an earlier chat, where codes go, and other details go through
 * the verified correction.
 */
export function createFollowUpCorrectionGuard(deps: FollowUpCorrectionDeps): TurnGuard {
  return async (context) => {
    const text = (context.activity.text ?? '').trim();
    if (!text || text.length > 300) return false;
    // "the second one", "the mobile one": of the two numbers just asked about, for that ticket only.
    const asked = await justSaid(deps.conversationData, context, 'numbersAsked');
    const picked = asked && pickedOf(text, asked.picks);
    const field = picked ? 'phone' : /@|\bat\b.*\bdot\b/i.test(text) ? 'email' : /\d/.test(text) ? 'phone' : NAMES_NUMBER.test(text) ? 'phone' : NAMES_EMAIL.test(text) ? 'email' : undefined;
    if (!field) return false;
    const value: FieldReading<string> = picked ? { ok: true, value: picked } : field === 'email' ? readEmail(text) : readPhone(text, deps.defaultRegion);
    // The new value alone, or words saying the last one was wrong: "actually it's still offline 2 lights" is neither.
    const bare = field === 'phone' ? /^\+?[\d\s().-]+$/.test(text) : /^[^\s@]+@[^\s@]+$/.test(text);
    const saysWrong = SAYS_WRONG.test(text) && (value.ok || (field === 'phone' ? NAMES_NUMBER : NAMES_EMAIL).test(text));
    if (!picked && !bare && !saysWrong) return false;
    if (!(await deps.nothingAsked(context))) return false;
    const userId = userIdOf(context.activity);
    const here = await deps.followUpOpenedHere(context);
    const held = here && (await deps.profiles.get(userId))?.fields[field];
    const givenHere = held?.conversationId === context.activity.conversation.id;
    // From an earlier chat, only a new value said to replace the old: a bare number may be anything there.
    const ticket = givenHere || (picked && here?.id === asked?.ticketId) ? here : value.ok && saysWrong && !picked ? await deps.openFollowUp(context) : undefined;
    if (picked && ticket?.id !== asked?.ticketId) return false;
    const wanted = ticket?.kind === 'callback' ? 'phone' : ticket?.kind === 'email' ? 'email' : undefined;
    if (!ticket || wanted !== field || !ticket.contactFields.includes(field)) return false;
    // P9: the email on file is where one-time codes go; one given in an earlier chat changes only
    // through the verified correction, or a later data request's code could be sent to anyone's address.
    if (field === 'email' && !givenHere) return false;
    const what = field === 'phone' ? 'number' : 'email address';
    // "sorry wrong number, not 415 555 2671, its 415 555 2672": which of two is the right one, no
    // words tell for sure; the first (what the phone question offers) is as often the wrong one.
    const picks = value.ok ? value.confirm?.picks : undefined;
    if (picks && picks.length > 1) {
      await forNextMessage(deps.conversationData, context, 'numbersAsked', { ticketId: ticket.id, picks });
      await context.sendActivity(message(`That's two numbers. Which is the right one? Say "the first one" or "the second one", or type just that number, and I'll change it on ticket ${ticket.id}.`));
      return true;
    }
    if (!value.ok) {
      const reason = /\d|@/.test(text) ? `${value.reason} ` : '';
      await context.sendActivity(message(`${reason}What's the right ${what}? I'll change it on ticket ${ticket.id}.`));
      return true;
    }
    const current = givenHere ? held : (await deps.profiles.get(userId))?.fields[field];
    if (current?.value !== value.value) await deps.profiles.setFields(userId, { [field]: value.value }, 'contact dialog', { conversationId: context.activity.conversation.id });
    // A billing team's ticket was just said to be theirs ("Someone from our billing team will call you back"): no technician calls.
    const caller = ticket.team === 'billing' ? staffOf('billing').staff : staffOf(ticket.team).the;
    const who = ticket.kind === 'callback' ? `${caller} will call you on ${numberEnding(value.value)}` : `${caller} will email you at ${maskAddress(value.value)}`;
    // A doubt ("gmial.com", an extension) is kept as typed and said, not asked: typed once more, the new value replaces it.
    const said = value.doubt?.split(/(?<=[.?])\s/)[0];
    const doubt = said ? ` ${said}${field === 'email' ? ` If so, just type the ${what} again.` : ''}` : '';
    await context.sendActivity(message(`Thanks, I've changed the ${what} on ticket ${ticket.id}: ${who}.${doubt}`, { handoff: { state: 'unavailable', ticketId: ticket.id } }));
    return true;
  };
}
