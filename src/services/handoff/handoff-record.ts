import { z } from 'zod';

export const HANDOFF_STATUSES = ['waiting', 'assigned', 'ended'] as const;
export type HandoffStatus = (typeof HANDOFF_STATUSES)[number];

export const technicianRefSchema = z.object({ technicianId: z.string(), name: z.string() });
export type TechnicianRef = z.infer<typeof technicianRefSchema>;

export const contactSchema = z.object({
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: z.string().optional(),
});
export type Contact = z.infer<typeof contactSchema>;
export const CONTACT_FIELDS = ['name', 'email', 'phone', 'address'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/**
 * One request for a person. `live` handoffs put the user in the queue for a chat; `callback`
 * and `email` are follow-up tickets taken outside business hours or when nobody is signed in.
 */
export const handoffRecordSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  userId: z.string(),
  status: z.enum(HANDOFF_STATUSES),
  kind: z.enum(['live', 'callback', 'email']),
  priority: z.enum(['normal', 'high']),
  reason: z.string(),
  summary: z.string().optional(),
  /** When the user would like a callback ("after 3pm"), as they put it, personal data masked: the technician's queue shows it with the summary. */
  preferredTime: z.string().optional(),
  device: z.string(),
  caseId: z.string().optional(),
  /** Who the user was told picks it up: 'billing' for billing requests (same queue and console); absent, a technician. */
  team: z.enum(['technicians', 'billing']).optional(),
  /**
   * The contact fields the user agreed to share for this handoff. The values stay in the user's
   * profile (one copy, which corrections and erasure reach); views read them from there.
   */
  contactFields: z.array(z.enum(['name', 'email', 'phone', 'address'])),
  /** The user turned recording off (P8): the live chat is relayed but not persisted. */
  recordingOff: z.boolean(),
  createdAt: z.string(),
  /**
   * The conversations a waiting live handoff was in before `conversationId`, oldest first: the user
   * came back in a new chat and the ticket moved there with them. The technician's transcript reads
   * these too, so the earlier chat's messages are not lost with the move.
   */
  movedFrom: z.array(z.string()).optional(),
  /** The place in the queue the user was told when it was queued; later changes are tracked in 'notified/<id>'. */
  toldPosition: z.number().int().positive().optional(),
  claimedAt: z.string().optional(),
  /** When it went back to the queue, its technician's session ended: a later claim is no first pickup. */
  requeuedAt: z.string().optional(),
  endedAt: z.string().optional(),
  assignedTo: technicianRefSchema.optional(),
  outcome: z.enum(['resolved', 'released', 'cancelled', 'completed']).optional(),
  resolution: z.string().optional(),
  releaseNote: z.string().optional(),
  rating: z.number().int().min(1).max(5).optional(),
  /**
   * Other problems the user asked a technician about at a guide's step while the ticket waited
   * (the ticket's summary says them too): the technician's detail shows each with its guide's steps tried.
   */
  addedProblems: z.array(z.object({ problem: z.string(), device: z.string(), caseId: z.string().optional(), addedAt: z.string() })).optional(),
  /**
   * The Teams channel thread the ticket's alert opened ("<channel id>;messageid=<id>"): what the user
   * adds later is posted as a reply there, beside the alert. Absent on tickets alerted before it was kept.
   */
  teamsThread: z.string().optional(),
  /** What an external agent hub reported through handoff.status events. */
  hub: z.object({ state: z.enum(['accepted', 'failed', 'completed']), at: z.string(), message: z.string().optional() }).optional(),
});
export type HandoffRecord = z.infer<typeof handoffRecordSchema>;
export type HandoffKind = HandoffRecord['kind'];
export type HandoffTeam = NonNullable<HandoffRecord['team']>;
/** The follow-ups offered when nobody can chat now. */
export type FollowUpKind = Exclude<HandoffKind, 'live'>;
export type HandoffPriority = HandoffRecord['priority'];

/**
 * Who answers a conversation (design rule 2). Stored in conversations/<id> under 'owner' and
 * only ever changed with an eTag condition. `handoffId` is the live handoff the conversation is
 * waiting for or in; `ratingFor` is a resolved handoff whose 1-5 rating the bot has asked for;
 * `handedBack`: a technician ended the live chat, so the bot's next turn starts afresh.
 * The handoff record's `conversationId` is the truth about where a handoff is: a link to one that
 * names another conversation (it moved with the user, see HandoffLifecycle.moveWaiting) reads as none.
 */
export const ownerRecordSchema = z.object({
  owner: z.union([z.literal('bot'), technicianRefSchema]),
  handoffId: z.string().optional(),
  ratingFor: z.string().optional(),
  handedBack: z.literal(true).optional(),
});
export type OwnerRecord = z.infer<typeof ownerRecordSchema>;

export const handoffMessageSchema = z.object({
  cursor: z.string(),
  /** 'system' notes tell the technician about something the user did, e.g. withdrew remote-access consent. */
  from: z.enum(['user', 'technician', 'system']),
  text: z.string(),
  timestamp: z.string(),
});
export type HandoffMessage = z.infer<typeof handoffMessageSchema>;

/** A failed handoff operation, with a code the API maps to a status. */
export class HandoffError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'not_holder' | 'ended' | 'invalid_request' | 'forbidden' | 'unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'HandoffError';
  }
}

/**
 * A technician acting on a handoff they do not hold. "Claim it first" is only the way forward for a
 * waiting one: told so of a ticket another technician holds, their claim then met a 409 too.
 */
export function notHolderError(handoff: HandoffRecord): HandoffError {
  if (handoff.status !== 'assigned') return new HandoffError('not_holder', 'You do not hold this handoff; claim it first.');
  return new HandoffError('not_holder', `${handoff.assignedTo?.name ?? 'Another technician'} holds this handoff; only the technician holding it can do this.`);
}

export const isTechnician = (owner: OwnerRecord['owner'] | undefined): owner is TechnicianRef => typeof owner === 'object' && owner !== null;
