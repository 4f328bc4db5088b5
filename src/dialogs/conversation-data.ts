import type { ConversationState, StatePropertyAccessor } from 'botbuilder';
import type { SeenNotices } from '../services/privacy/notices';
import type { StagedTranscript } from '../services/privacy/transcripts';
import type { ConsentPurpose } from '../services/privacy/consent-ledger';
import type { RequestType } from '../services/privacy/requests/request-record';
import type { Offer } from '../services/privacy/contact-fields';
import type { Damage } from '../services/nlu/damage';
import type { Classification } from '../services/nlu/router';

/**
 * What the bot remembers about one conversation besides the dialog stack. Plain JSON,
 * saved with the dialog state at the end of each turn.
 */
export interface ConversationData {
  /** Notice id -> version already shown in this conversation (P1, P14). */
  noticesShown: Record<string, string>;
  /** What the user had seen across conversations (NoticeService.seenBy), read once per conversation. */
  seenNotices?: SeenNotices;
  /** The case (troubleshooting record) this conversation works on. */
  caseId?: string;
  /** The troubleshooting flow's progress on that case since its last write (see flow-memory.ts). */
  flow?: { caseId: string; progress: unknown };
  /** The step of a guide at which the live ticket now waiting was asked for: "let me keep trying" goes on from it. */
  queuedAtStep?: { caseId: string; progress: unknown };
  /** The case a flow last ended as fixed in this conversation, with its progress then: "still not working" next reopens it. */
  fixed?: { caseId: string; progress: unknown };
  /** The user asked not to be recorded (P8): transcripts are not persisted from then on. */
  recordingOff?: boolean;
  /** The recording notice's version whose consent this chat asked for and has no answer to yet (P14). */
  recordingConsentAsked?: string;
  /** The user said they are under 13 (P13): nothing more is collected. */
  under13?: boolean;
  /** The widget sent the Global Privacy Control signal and it has been applied. */
  gpcApplied?: boolean;
  /** Unfinished work from an earlier conversation was already offered in this one. */
  resumeOffered?: boolean;
  /**
   * A handoff was started in this conversation, so a stored owner record may exist. Until then
   * the handoff guard skips reading it (one storage read less on almost every turn).
   */
  handoffStarted?: boolean;
  /** The callback or email ticket this conversation opened, so "any update?" and "cancel my callback" find it. */
  followUpId?: string;
  /** A data-rights request this conversation closed after too many wrong codes, until another is opened: "send a new code" is told so. */
  lockedOutRequest?: string;
  /** The user's open privacy requests from earlier chats were looked for in this one (openRequestsGuard). */
  openRequestsTold?: boolean;
  /** What the last message's answer left for the next message to mean (see NextMessage); never for a later one. */
  nextMessage?: NextMessage;
  /** A technician holding the user's ticket in an earlier chat was told the user writes from this one (told once). */
  toldTechnicianOf?: string;
  /**
   * The last turn's transcript record, masked, saved with the state before the record itself is
   * written, so a turn whose state was saved is never missing from the transcript (see
   * TranscriptMiddleware).
   */
  transcriptOutbox?: StagedTranscript;
}

/**
 * What an answer leaves behind that gives the user's very next message its meaning, and no later
 * one's: "ill take that one" means a plan only right after the plans were listed. Each part is set
 * with forNextMessage and read with justSaid. One record, moved out of the stored state as the next
 * message arrives, so nothing lingers when that message's reader never runs (a guard took it, a
 * dialog asked something): clearing it is no reader's job. Absent from storage on most turns.
 */
export interface NextMessage {
  /**
   * The numbers of "That's two numbers. Which is the right one?" (the follow-up correction), for the
   * ticket it named: "the second one" picks one of them.
   */
  numbersAsked?: { ticketId: string; picks: Offer[] };
  /**
   * The answer listed the plans ("how much is the annual plan"), and named this one plan, if it
   * named one: "ill take that one" means it, or is asked which.
   */
  plansListed?: { named?: string };
  /** The billing team's follow-up was declined ("no thanks"): "actually yes call me" takes it up (HandoffDialog). */
  declinedBilling?: { reason: string; caseId?: string; cancellation?: boolean };
  /** A technician was declined after damage advice: "can i keep using it?" is answered, and the technician offered again (TroubleshootDialog). */
  damageAdvised?: { damage: Damage; classification?: Classification };
  /** The one open request from an earlier chat just told about: a bare "yes" starts it again (openRequestsGuard). */
  openRequestTold?: { id: string; type: 'deletion' | 'access' | 'correction' };
  /** The several open requests from earlier chats just told about: a bare "yes" is asked which one (openRequestsGuard). */
  openRequestsToldSeveral?: { id: string; type: RequestType }[];
}

export function createConversationDataAccessor(state: ConversationState): StatePropertyAccessor<ConversationData> {
  return state.createProperty<ConversationData>('conversationData');
}

export async function conversationData(accessor: StatePropertyAccessor<ConversationData>, context: Parameters<StatePropertyAccessor['get']>[0]): Promise<ConversationData> {
  return accessor.get(context, { noticesShown: {} });
}

// Set by the transcript middleware, which knows a conversation's first message by the recording notice not yet shown.
const FIRST_MESSAGE_TURN_KEY = Symbol('firstMessage');

/** Marks this turn as the conversation's first message. */
export function markFirstMessage(context: { turnState: Map<unknown, unknown> }): void {
  context.turnState.set(FIRST_MESSAGE_TURN_KEY, true);
}

/** This turn is the conversation's first message: nothing has been asked, tried or answered yet. */
export function isFirstMessage(context: { turnState: Map<unknown, unknown> }): boolean {
  return context.turnState.get(FIRST_MESSAGE_TURN_KEY) === true;
}

type TurnLike = Parameters<StatePropertyAccessor['get']>[0];
// The NextMessage the message of this turn answers; set once a message turn first touches it.
const JUST_SAID_TURN_KEY = Symbol('justSaid');

/**
 * Moves what the last message left (NextMessage) out of the stored state and into this turn, once
 * per message turn. The bot's turn-start hook calls it on every message, so what nobody read is
 * gone all the same; justSaid and forNextMessage call it too, so what a turn writes is never taken
 * for what it read, whoever runs first. Other activities (typing, events) leave it for the message.
 */
export async function startNextMessage(accessor: StatePropertyAccessor<ConversationData>, context: TurnLike): Promise<void> {
  await leftForThisMessage(accessor, context);
}

async function leftForThisMessage(accessor: StatePropertyAccessor<ConversationData>, context: TurnLike): Promise<NextMessage | undefined> {
  if (context.activity.type !== 'message') return undefined;
  if (!context.turnState.has(JUST_SAID_TURN_KEY)) {
    const data = await conversationData(accessor, context);
    context.turnState.set(JUST_SAID_TURN_KEY, data.nextMessage ?? {});
    delete data.nextMessage;
  }
  return context.turnState.get(JUST_SAID_TURN_KEY) as NextMessage;
}

/** What the answer to the user's last message left for this one (see NextMessage). */
export async function justSaid<K extends keyof NextMessage>(accessor: StatePropertyAccessor<ConversationData>, context: TurnLike, what: K): Promise<NextMessage[K]> {
  return (await leftForThisMessage(accessor, context))?.[what];
}

/** Leaves `value` for the user's next message only (see NextMessage); undefined takes back what this turn left. */
export async function forNextMessage<K extends keyof NextMessage>(accessor: StatePropertyAccessor<ConversationData>, context: TurnLike, what: K, value: NextMessage[K] | undefined): Promise<void> {
  await leftForThisMessage(accessor, context);
  const data = await conversationData(accessor, context);
  const next: NextMessage = { ...data.nextMessage, [what]: value };
  if (value === undefined) delete next[what];
  if (Object.keys(next).length) data.nextMessage = next;
  else delete data.nextMessage;
}
