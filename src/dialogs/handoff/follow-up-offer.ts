import type { Activity, TurnContext } from 'botbuilder';
import { ChoiceFactory, type Choice, type FoundChoice, type PromptValidatorContext } from 'botbuilder-dialogs';
import type { Availability, Unavailable } from '../../services/handoff/availability';
import type { ContactField, FollowUpKind, HandoffTeam } from '../../services/handoff/handoff-record';
import { contactKindIn, followUpWhen, refusesFollowUp, staffOf, unavailableWhy, WAIT_LEAD_IN } from '../../services/handoff/handoff-texts';
import { isQuestion } from '../../services/nlu/question';
import { isKeyboardMash } from '../../services/nlu/keyboard-mash';
import { noPhoneToCall, readName } from '../../services/privacy/contact-fields';
import { noticeAnswer } from '../privacy/field-collection';
import type { NoticeGate } from '../privacy/notice-gate';
import { getClassification, isSure } from '../classification';
import { namesAFault } from '../../services/nlu/router';
import { leavesWithThanks } from '../shared/goodbye';
import { message } from '../wire';
import { insistsOnCancelling } from '../../services/billing/billing-answers';

// The follow-up a handoff offers when nobody can chat now (a call back or an email), how the
// user's answer to that offer is read, and what the bot says about it.

/** What the offer is for, where that changes how an answer reads (given the prompt as its validations). */
export interface OfferAbout {
  /** A subscription's cancellation, passed to the billing team: "cancel it" confirms it. */
  cancellation?: boolean;
}

/** The follow-ups offered when nobody can chat now, with the words people type for each. */
export const FOLLOW_UP_CHOICES: Choice[] = [
  { value: 'Call me back', synonyms: ['call', 'call me', 'callback', 'call back', 'phone', 'phone me', 'ring me', 'a call'] },
  { value: 'Email me', synonyms: ['email', 'e-mail', 'mail', 'an email', 'email is fine', 'send me an email', 'gmail', 'hotmail', 'yahoo', 'icloud', 'at gmail', 'at hotmail', 'at yahoo', 'at outlook'] },
  { value: 'No thanks', synonyms: ['no', 'nope', 'nah', 'neither', 'no thank you', "i'll wait", 'ill wait', "i'll try later", 'later', 'never mind', 'nevermind'] },
];
const NO_THANKS = FOLLOW_UP_CHOICES[2];

/** "ok thanks" or "thank you bye" at the offer picks no follow-up and is told goodbye; the offer's own "No thanks" or "no" only declines it. */
const DECLINES_ONLY = new Set([NO_THANKS.value, ...(NO_THANKS.synonyms ?? [])].map((w) => w.toLowerCase()));
export const leavesAtOffer = (context: TurnContext) => leavesWithThanks(context, (said) => DECLINES_ONLY.has(said));

/** The follow-up each of FOLLOW_UP_CHOICES stands for, by index ("No thanks" stands for none). */
const KIND_AT: (FollowUpKind | undefined)[] = ['callback', 'email'];
/** The follow-up a pick of FOLLOW_UP_CHOICES stands for (none for "No thanks"). */
export const followUpAt = (index: number | undefined): FollowUpKind | undefined => (index === undefined ? undefined : KIND_AT[index]);
const refusesChoice = (index: number, text: string) => KIND_AT[index] !== undefined && refusesFollowUp(KIND_AT[index], text);
/** Each choice's label and synonyms as whole words, built once. */
const NAMES_CHOICE = FOLLOW_UP_CHOICES.map((c) => new RegExp(`\\b(?:${[c.value, ...(c.synonyms ?? [])].join('|')})\\b`, 'i'));

const ASKS_FOR_TEXTS = /\b(?:text|txt|sms|message|whatsapp)\s+me\b|\bby (?:text|txt|sms|whatsapp)\b|\b(?:a )?text(?: message)? (?:is|would be) (?:fine|better|good|ok|easier)\b|^(?:a )?(?:text|sms|txt)(?: message)?(?: please)?[\s.!]*$/i;

/**
 * An email address or a phone number typed where the follow-up is asked for says which one the
 * user wants. (The contact question still follows, after its notice.) Something more about the
 * problem is acknowledged and kept for the ticket when `keepsDetails` says the ticket may hold it.
 */
export async function followUpByContact(
  prompt: PromptValidatorContext<FoundChoice>,
  notices?: Pick<NoticeGate, 'answer'>,
  keepsDetails?: (context: TurnContext) => Promise<boolean>,
  availability?: () => Promise<Availability>,
): Promise<boolean> {
  const text = prompt.context.activity.text ?? '';
  // "why do you need that?", "what will you do with my number?": the contact notice answers it (what
  // for, who sees it, how long it is kept), then the offer again. Before the options are looked for:
  // "why do you need my phone number" names no pick of a call back. Said here, the notice counts as
  // shown: the contact question after a pick does not show it again.
  const answer = notices && (await noticeAnswer(notices, prompt.context, 'contact', text, getClassification(prompt.context)));
  if (answer) {
    await offerAgainAfter(prompt, answer.activity);
    await answer.commit();
    return false;
  }
  // "yes cancel it now" at the billing team's offer for a cancellation: the user confirms it, and
  // expects it done. It can't be in the chat; "i dont want a call" with it leaves the email.
  if ((prompt.options.validations as OfferAbout | undefined)?.cancellation && insistsOnCancelling(text)) {
    const why = "I can't cancel it myself here in the chat: our billing team does that, and they need a way to reach you to confirm it's done.";
    if (refusesFollowUp('callback', text) && !refusesFollowUp('email', text)) {
      await prompt.context.sendActivity(message(`${why} So they'll email you instead of calling.`));
      return pick(prompt, KIND_AT.indexOf('email'), text);
    }
    await offerAgainAfter(prompt, message(why), OFFER_QUESTION);
    return false;
  }
  // "how long will that take?", "when would they call?": nobody can say; the offer is asked again
  // rather than "please pick one", which left the question unanswered.
  if (asksWhen(text)) {
    await offerAgainAfter(prompt, message(followUpWhenText(await availability?.())), OFFER_QUESTION);
    return false;
  }
  // "my phone is broken", "I don't have a phone": no call back, so the email (unless that is refused too).
  // Before the recognizer's reading, which finds "phone" and would offer the call back again.
  if (noPhoneToCall(text) && !refusesFollowUp('email', text)) return pick(prompt, KIND_AT.indexOf('email'), text);
  // "please don't call me, email is fine": the recognizer finds "call" first.
  if (prompt.recognized.succeeded) {
    const index = prompt.recognized.value!.index;
    if (!refusesChoice(index, text)) return true;
    // The one other option the message names and does not refuse, else the question again.
    const named = FOLLOW_UP_CHOICES.map((_, i) => i !== index && !refusesChoice(i, text) && NAMES_CHOICE[i].test(text));
    const others = named.filter(Boolean).length;
    // "don't email me", "i'd rather not give my email": refused, and nothing asked for instead.
    if (others === 0) return pick(prompt, FOLLOW_UP_CHOICES.indexOf(NO_THANKS), text);
    if (others !== 1) return false;
    return pick(prompt, named.indexOf(true), text);
  }
  const given = contactKindIn(text);
  // "i'd rather not give my number": no pick is named ("number" is none), but a follow-up is refused.
  if (!given && KIND_AT.some((kind) => kind && refusesFollowUp(kind, text))) return pick(prompt, FOLLOW_UP_CHOICES.indexOf(NO_THANKS), text);
  if (!given && leavesAtOffer(prompt.context)) return pick(prompt, FOLLOW_UP_CHOICES.indexOf(NO_THANKS), text);
  if (!given) {
    // "text me": there is no text follow-up; say so before the question again.
    if (ASKS_FOR_TEXTS.test(text)) await offerAgainAfter(prompt, message("Sorry, we can't follow up by text message. We can call you on your phone or email you."));
    // "Jo Bloggs", as if the name were asked: no pick, and no detail of the problem to pass on.
    else if (typesAName(text, prompt.context)) await offerAgainAfter(prompt, message(NAME_LATER), OFFER_QUESTION);
    else if (addsDetail(text) && (await keepsDetails?.(prompt.context))) {
      // "it was last tuesday", "49.99": more about the problem, which the ticket the offer opens
      // carries (HandoffDialog keeps it), rather than a wrong answer whose words are lost.
      prompt.context.turnState.set(OFFER_DETAIL, text);
      await offerAgainAfter(prompt, message("Thanks, I'll pass that on."), OFFER_QUESTION);
    }
    return false;
  }
  return pick(prompt, KIND_AT.indexOf(given), text);
}

/** Said to a name typed at the offer: what is needed is asked for once the user has picked. */
export const NAME_LATER = "Thanks. I'll ask for the details I need once you've chosen.";
// A name on its own ("Jo Bloggs", "Mary Ann Lee") or introduced ("my name is jo").
const CAPITALISED_NAME = /^\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*){1,2}[.!]?$/u;
const INTRODUCED_NAME = /^(?:(?:hi|hello|hey)[,!\s]+)?(?:my name is|my name's|the name's|name's)\s+\p{L}[\p{L}'’-]*(?:\s+\p{L}[\p{L}'’-]*){0,2}[.!]?$/iu;

/**
 * Whether a message at the offer is the user's name: capitalised words with no device nor fault in
 * them ("HP Envy" is the printer, "Printer Offline" a fault), or a name introduced as one.
 */
export function typesAName(text: string, context?: TurnContext): boolean {
  const t = text.trim();
  if (!readName(t).ok || namesAFault(t) || NAMES_CHOICE.some((names) => names.test(t))) return false;
  if (INTRODUCED_NAME.test(t)) return true;
  const device = context ? getClassification(context)?.device : undefined;
  return CAPITALISED_NAME.test(t) && (device === undefined || device === 'none');
}

// "its the printer in the office, error E3": more about what the ticket is for, not another problem.
const ABOUT_IT = /^(?:it'?s|it is|it was|this is|that'?s)\b/i;

/**
 * Whether a message at the offer names another problem the bot has guides for ("my printer is
 * broken" at the offer of a handoff about no device or another one), rather than a pick or a
 * detail: the user is offered the guide instead of being thanked for a detail. The handoff's own
 * device ("my printer is still broken" after the printer guide) is a detail for the ticket; so is
 * "it's ..." ; and "my phone is broken" picks the email (followUpByContact).
 */
export function namesAnotherProblem(context: TurnContext, handoffDevice: string | undefined): boolean {
  const said = getClassification(context);
  const text = context.activity.text ?? '';
  if (!said || !isSure(said, 'troubleshoot') || said.device === 'none' || said.device === handoffDevice) return false;
  if (!namesAFault(text) || ABOUT_IT.test(text.trim()) || noPhoneToCall(text) || contactKindIn(text)) return false;
  return !NAMES_CHOICE.some((names) => names.test(text));
}

/** The message read as the option at `index` of FOLLOW_UP_CHOICES. */
function pick(prompt: PromptValidatorContext<FoundChoice>, index: number, text: string): true {
  prompt.recognized.value = { value: FOLLOW_UP_CHOICES[index].value, index, score: 1, synonym: text };
  return true;
}

/**
 * Sends `note`, then asks the offer again with its options as quick replies. (A prompt asks again
 * only when nothing was sent this turn, so the question goes with the note; the prompt's own re-ask
 * would add the options.)
 */
async function offerAgainAfter(prompt: PromptValidatorContext<FoundChoice>, note: Partial<Activity>, question?: string): Promise<void> {
  const again = (prompt.options.retryPrompt ?? prompt.options.prompt) as Partial<Activity>;
  const { suggestedActions } = ChoiceFactory.suggestedAction(ChoiceFactory.toChoices(prompt.options.choices ?? []));
  await prompt.context.sendActivities([note, { ...again, ...(question ? { text: question } : {}), suggestedActions }]);
}

// After the lead-in ("hmm", "so", "ok") the queue's questions about the wait take too (WAIT_LEAD_IN).
const ASKS_WHEN = /^(?:how (?:long|soon)|when)\b(?!.*\b(?:you (?:open|close)|opening|closing)\b)/i;
/** "how long will that take?", "when would they call?": when someone gets to the user (not the opening hours). */
export const asksWhen = (text: string) => ASKS_WHEN.test(text.trim().replace(WAIT_LEAD_IN, ''));
/** When a call back or an email comes: no time can be promised, only from when (followUpWhen). */
export const followUpWhenText = (a: Availability | undefined) => `I can't promise an exact time: someone gets back to you ${followUpWhen(a)}.`;

/** The offer asked plainly: after a detail the user added, the options are all that is missing. */
export const OFFER_QUESTION = 'Would you like a call back, an email, or neither?';
/** The offer asked again after a wrong answer. */
export const OFFER_RETRY = `${OFFER_QUESTION} Please pick one of the options.`;

const OFFER_DETAIL = Symbol('helpline.offerDetail');
/** What the user added about their problem at the offer this turn (as the turn sees it: secrets already removed). */
export const detailAddedAtOffer = (context: TurnContext): string | undefined => context.turnState.get(OFFER_DETAIL);

// Words that tell the one who follows up nothing: an acknowledgement or a noise, not a detail.
const FILLER = new Set(
  ('yes yeah yea yep yup ok okay okey kay sure fine cool alright right good great nice hmm hmmm hmmmm umm uhh uh um erm ' +
    'thanks thank thx you please pls plz hello hey hiya what huh wait sorry dunno idk the and').split(' '),
);

/**
 * Whether a message at the offer says something about the problem: a number ("49.99") or a word
 * that is more than an acknowledgement ("it was last tuesday"). Not a question (asked again as
 * is), nor what redaction left of a secret ("[removed]"), nor keyboard mash.
 */
export function addsDetail(text: string): boolean {
  // "asdf": nothing to thank for or to show a technician; the offer is asked again.
  if (isQuestion(text) || isKeyboardMash(text)) return false;
  const words = text.replace(/\[[^\]]*\]/g, ' ').toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
  return words.some((w) => /\p{N}/u.test(w) || (w.length >= 3 && !FILLER.has(w)));
}

/** How many details typed at the offer the ticket keeps (the latest), and how much of each. */
const DETAILS_KEPT = 3;
const DETAIL_CHARS = 300;

/** `details` with `detail` added: the latest few, each cut to a length a summary line can hold. */
export function keepDetail(details: string[] | undefined, detail: string): string[] {
  const cut = detail.length > DETAIL_CHARS ? `${detail.slice(0, DETAIL_CHARS - 1)}…` : detail;
  return [...(details ?? []), cut].slice(-DETAILS_KEPT);
}

/** A ticket's summary with what the user added at the offer: "can i get a refund (added: it was last tuesday; 49.99)". */
export function summaryWithDetails(summary: string, details: string[] | undefined): string {
  return details?.length ? `${summary} (added: ${details.join('; ')})` : summary;
}

/** What a follow-up needs from the user, what the one who picks it up does with it, and where when the user just typed it. */
export const CONTACT_FOR: Record<FollowUpKind, { field: ContactField; does: string; there: string }> = {
  callback: { field: 'phone', does: 'call you back', there: 'on that number' },
  email: { field: 'email', does: 'email you', there: 'at that address' },
};

/** The contact dialog's options for what a follow-up needs: "so a technician can call you back". */
export const contactOptions = (kind: FollowUpKind, team: HandoffTeam | undefined) => ({
  fields: [CONTACT_FOR[kind].field],
  purpose: `so ${staffOf(team).someone} can ${CONTACT_FOR[kind].does}`,
});

/**
 * Said when the follow-up changes kind: asked for ("call me back instead"), because the user cannot
 * take the other ("I don't have a phone"), or given its contact instead ("jo@example.com" at the
 * phone question). 'phoneBroken' ("my phone is broken" at the phone question): the user cannot take
 * a call, and may have a problem with the phone that we can look at once the follow-up is arranged
 * (asking "another problem?" here would lose the follow-up the user is in the middle of).
 */
export const insteadText = (kind: FollowUpKind, team: HandoffTeam | undefined, why: 'asked' | 'cannotTakeOther' | 'phoneBroken' | 'given' = 'asked') =>
  why === 'given'
    ? `OK, I'll have ${staffOf(team).someone} ${CONTACT_FOR[kind].does} ${CONTACT_FOR[kind].there} instead.`
    : `${why === 'asked' ? 'Sure' : 'No problem'}, ${staffOf(team).someone} can ${CONTACT_FOR[kind].does} instead.${why === 'phoneBroken' ? " Once that's arranged, we'll look at the phone." : ''}`;

/** Why nobody can chat now, and the offer of a follow-up; or, when the user asked for one, that it can be arranged. */
export function unavailableText(a: Unavailable, team: HandoffTeam | undefined, asked?: FollowUpKind): string {
  const staff = staffOf(team);
  const why = unavailableWhy(a, team);
  if (asked) return `${why} So I can't connect you with a person at the moment, but ${staff.someone} can ${asked === 'callback' ? 'call you back' : 'email you'} once someone is available.`;
  return `${why} So I can't connect you with a person at the moment. Would you like ${staff.someone} to call you back, or to email you, once someone is available?`;
}
