// What the handoff services need from other features and from the channel, as plain data.
// The composition root adapts the real implementations (TranscriptStore, ConsentLedger,
// CaseStore, the Bot Framework adapter) to these.

export interface TranscriptEntry {
  from: 'user' | 'bot' | 'technician';
  text: string;
  timestamp: string;
  technician?: { id: string; name: string };
}

export interface TranscriptPort {
  append(conversationId: string, entry: TranscriptEntry): Promise<unknown>;
  list(conversationId: string): Promise<TranscriptEntry[]>;
}

/** A message for the user, sent into their conversation from outside a turn (a proactive message). */
export interface OutgoingMessage {
  text: string;
  handoff?: { state: 'queued' | 'assigned' | 'ended' | 'unavailable'; position?: number; etaSeconds?: number; ticketId?: string };
  /** Set on a technician's relayed message; the channel shows it with this display name. */
  technician?: { id: string; name: string };
  /** The only question the handoff asks outside a dialog: the 1-5 rating after a resolve. */
  expects?: 'rating';
  suggestions?: string[];
}

/** How a nudge went: sent; held back for a later pass (the user is answering a question); or sent by another instance. */
export type NudgeOutcome = 'sent' | 'later' | 'taken';

/** The user's chat cannot be reached: nothing is stored to address it (it was erased, or expired). */
export class UnreachableConversation extends Error {
  constructor() {
    super('no stored conversation reference for this conversation');
    this.name = 'UnreachableConversation';
  }
}

export interface UserNotifier {
  send(conversationId: string, message: OutgoingMessage): Promise<void>;
  /**
   * A message the user did not ask for (a queue update, the long-wait notice). While they are in
   * the middle of typing an answer to one of the bot's questions it would land between the
   * question and their answer, so nothing is sent ('later') and the caller tries on a later pass.
   * `claim` runs once it may go out, so that of several instances one sends it ('taken': another did).
   */
  nudge(conversationId: string, message: OutgoingMessage, claim: () => Promise<boolean>): Promise<NudgeOutcome>;
}

/** Consent flags for the technician's case view: remoteAccess, recording and any other purpose. */
export type ConsentFlags = { remoteAccess: boolean; recording: boolean } & Record<string, boolean>;

export interface ConsentPort {
  /** `recordingOff`: when the caller already knows it (the handoff record), it is not read again. */
  flags(userId: string, conversationId: string, recordingOff?: boolean): Promise<ConsentFlags>;
}

export interface CaseFacts {
  device: string;
  problem: string;
  stepsTried: { stepId: string; text: string; outcome: string }[];
  notes?: Record<string, unknown>;
}

export interface CasePort {
  get(userId: string, caseId: string): Promise<CaseFacts | undefined>;
}

/** The user's contact details as text (an address on one line), from their profile. */
export interface ContactPort {
  get(userId: string): Promise<import('./handoff-record').Contact>;
}
