import { z } from 'zod';

/** The data-rights requests a user can make (protocol.md `request.type`; 'opt_in' is not in protocol.md yet). */
export const REQUEST_TYPES = ['access', 'correction', 'deletion', 'objection', 'opt_out', 'withdraw_consent', 'opt_in'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

// 'withdrawn' is a request the user took back or asked again (the new one replaces it); 'denied' one we closed without
// carrying it out (too many wrong codes, no address to verify with). Their export says which.
export const REQUEST_STATUSES = ['received', 'identity_pending', 'verified', 'completed', 'withdrawn', 'denied', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/**
 * Requests that disclose or change personal data: identity must be verified first (P9). An opt-in
 * too: it lifts an address off the do-not-market list, which someone else could ask for with
 * the address typed.
 */
export const NEEDS_VERIFICATION: ReadonlySet<RequestType> = new Set<RequestType>(['access', 'correction', 'deletion', 'opt_in']);

export const OPEN_STATUSES: ReadonlySet<RequestStatus> = new Set<RequestStatus>(['received', 'identity_pending', 'verified']);

// Fides-style: verification is a state of the request. Saying "no" to a purpose needs no proof
// of identity, so those requests may complete straight from received; the others may not.
const TRANSITIONS: Record<RequestStatus, readonly RequestStatus[]> = {
  received: ['identity_pending', 'verified', 'completed', 'withdrawn', 'denied', 'expired'],
  identity_pending: ['verified', 'withdrawn', 'denied', 'expired'],
  verified: ['completed', 'withdrawn', 'denied', 'expired'],
  completed: [],
  withdrawn: [],
  denied: [],
  expired: [],
};

export const auditEntrySchema = z.object({
  at: z.string(),
  /** null for the creation entry. */
  from: z.enum(REQUEST_STATUSES).nullable(),
  to: z.enum(REQUEST_STATUSES),
  /** Who made the change: 'user', 'bot', 'system', 'cli:<operator>', 'msteams sign-in', ... */
  actor: z.string().min(1),
  note: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const privacyRequestSchema = z.object({
  id: z.string(),
  type: z.enum(REQUEST_TYPES),
  status: z.enum(REQUEST_STATUSES),
  /** The account that asked; the record lives in its partition. */
  userId: z.string(),
  /** After verification: the accounts the request is about (every account whose email on file was proven). */
  subjects: z.array(z.string()).optional(),
  conversationId: z.string().optional(),
  channel: z.string(),
  receivedAt: z.string(),
  /** ISO date (YYYY-MM-DD): received + policy.privacyRequests.dueDays. */
  dueDate: z.string(),
  /** How identity was verified: 'email code' | 'msteams sign-in'. */
  verifiedBy: z.string().optional(),
  /** Type-specific facts (purposes changed, fields corrected, what erasure kept). Minimised by erasure. */
  details: z.record(z.unknown()).default({}),
  audit: z.array(auditEntrySchema).min(1),
  /** Set when the subject's data was erased: the record now holds only what proves the request was handled. */
  minimisedAt: z.string().optional(),
});
export type PrivacyRequest = z.infer<typeof privacyRequestSchema>;

/** The receipt the user gets (channelData.helpline.request). */
export interface RequestReceipt {
  id: string;
  type: RequestType;
  status: RequestStatus;
  dueDate: string;
}

export class InvalidTransitionError extends Error {
  readonly code = 'invalid_transition';
  constructor(
    readonly requestId: string,
    readonly from: RequestStatus,
    readonly to: RequestStatus,
    reason?: string,
  ) {
    super(`request ${requestId}: cannot go from ${from} to ${to}${reason ? ` (${reason})` : ''}`);
    this.name = 'InvalidTransitionError';
  }
}

/** Whether `from -> to` is allowed for a request of `type`. */
export function canTransition(type: RequestType, from: RequestStatus, to: RequestStatus): boolean {
  if (!TRANSITIONS[from].includes(to)) return false;
  if (from === 'received' && to === 'completed' && NEEDS_VERIFICATION.has(type)) return false;
  return true;
}

/** Applies one transition to a copy of the record, appending the audit entry; throws on an invalid one. */
export function applyTransition(request: PrivacyRequest, to: RequestStatus, actor: string, at: string, note?: string): PrivacyRequest {
  if (!canTransition(request.type, request.status, to)) {
    const reason = NEEDS_VERIFICATION.has(request.type) && to === 'completed' ? 'identity is not verified' : undefined;
    throw new InvalidTransitionError(request.id, request.status, to, reason);
  }
  const entry: AuditEntry = { at, from: request.status, to, actor, ...(note ? { note } : {}) };
  return { ...request, status: to, audit: [...request.audit, entry] };
}

export const isOpen = (status: RequestStatus) => OPEN_STATUSES.has(status);

export function receiptOf(request: PrivacyRequest): RequestReceipt {
  return { id: request.id, type: request.type, status: request.status, dueDate: request.dueDate };
}

/** The due date: `days` calendar days after receipt, as an ISO date. */
export function dueDateFor(receivedAtMs: number, days: number): string {
  return new Date(receivedAtMs + days * 86400_000).toISOString().slice(0, 10);
}

/**
 * Whole days from `nowMs`'s date to the due date: 0 on the day it is due, negative once it is
 * overdue. The privacy officer's list (OVERDUE, "12d left") and the user's status answer both say it.
 */
export function daysUntilDue(dueDate: string, nowMs: number): number {
  const today = new Date(nowMs).toISOString().slice(0, 10);
  return Math.round((Date.parse(`${dueDate}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86400_000);
}

/** What a request type is called in a sentence. */
export const REQUEST_TYPE_LABEL: Record<RequestType, string> = {
  access: 'access to your data',
  correction: 'correction of your details',
  deletion: 'deletion of your data',
  objection: 'objection',
  opt_out: 'opt-out',
  withdraw_consent: 'consent withdrawal',
  opt_in: 'opt-in',
};
