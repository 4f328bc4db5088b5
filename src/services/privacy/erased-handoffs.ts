import { ConflictError } from '../storage/store';
import type { HandoffKind, HandoffRecord } from '../handoff/handoff-record';
import type { HandoffRepository } from '../handoff/handoff-repository';
import { staffOf } from '../handoff/handoff-texts';

/** A waiting ticket erasure ended: what it was, and who would have picked it up (billing or a technician). */
export type CancelledTicket = Pick<HandoffRecord, 'kind' | 'team'>;

/** What erasing one ticket did: blanked it, or also ended it because it was still waiting. */
export type ErasedHandoff = { outcome: 'anonymised' } | { outcome: 'cancelled'; ticket: CancelledTicket };

/**
 * Removes a person from one handoff ticket (erasure, P11; a child's conversation, P13): nothing
 * that identifies or describes them stays. A ticket still waiting (a callback, an email, a place
 * in the live queue) is ended as cancelled, since a technician could not reach them now and must
 * not try; the owner link of a live one then points at an ended ticket, which reads as none. So is
 * one a technician has taken when `chatsErased` (all the user's chats go with their data): its chat
 * is gone, and a technician left holding it would write to nobody. Undefined when the ticket is
 * gone; retried when it changes meanwhile (a claim, a release).
 */
export async function eraseHandoff(repo: HandoffRepository, id: string, now: () => number, chatsErased = false): Promise<ErasedHandoff | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const active = await repo.getActive(id);
    const current = active ?? (await repo.getEnded(id));
    if (!current) return undefined;
    const blank = anonymised(current.value);
    try {
      if (active && (blank.status === 'waiting' || chatsErased)) {
        await repo.finish({ ...blank, status: 'ended', outcome: 'cancelled', endedAt: new Date(now()).toISOString() }, current.eTag);
        // A live chat a technician was in is not a place in the queue: the user is not told of it as one.
        if (blank.status === 'assigned' && blank.kind === 'live') return { outcome: 'anonymised' };
        return { outcome: 'cancelled', ticket: { kind: blank.kind, ...(blank.team ? { team: blank.team } : {}) } };
      }
      if (active) await repo.replaceActive(blank, current.eTag);
      else await repo.replaceEnded(blank, current.eTag);
      return { outcome: 'anonymised' };
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  throw new ConflictError(`handoff ${id} kept changing during erasure`);
}

/** Erases each of the tickets `ids` (eraseHandoff): how many were erased, and the ones ended that the user is told of. */
export async function eraseHandoffs(repo: HandoffRepository, ids: string[], now: () => number, chatsErased = false): Promise<{ erased: number; cancelled: CancelledTicket[] }> {
  const result = { erased: 0, cancelled: [] as CancelledTicket[] };
  for (const id of ids) {
    const erased = await eraseHandoff(repo, id, now, chatsErased);
    if (erased) result.erased += 1;
    if (erased?.outcome === 'cancelled') result.cancelled.push(erased.ticket);
  }
  return result;
}

/** One sentence for the user about the waiting tickets erasure ended, or undefined when it ended none. */
export function cancelledTicketsText(tickets: CancelledTicket[]): string | undefined {
  const order: HandoffKind[] = ['live', 'callback', 'email'];
  const sorted = [...tickets].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
  const named = [...new Set(sorted.map((t) => TICKET_NAME[t.kind](t)))];
  if (named.length === 0) return undefined;
  const list = named.length === 1 ? named[0] : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
  // Said as the user was told who would pick each up; tickets for both teams: nobody at all.
  const teams = new Set(tickets.map((t) => t.team ?? 'technicians'));
  const nobody = teams.size === 1 ? staffOf(tickets[0].team).none : 'nobody';
  return `I've also cancelled ${list}, so ${nobody} will contact you about it.`;
}

const TICKET_NAME: Record<HandoffKind, (ticket: CancelledTicket) => string> = {
  live: (t) => `your place in the queue for ${staffOf(t.team).someone}`,
  callback: () => 'the call back you asked for',
  email: () => 'the email follow-up you asked for',
};

/**
 * A handoff ticket with nothing left that identifies or describes the person. The audit entries
 * naming the ticket (who claimed, revealed a field, released or resolved it, when) are kept, as the
 * request records are: they record what staff did with personal data, hold no value of it, and
 * once the ticket no longer names the person they no longer lead to them (nor into their export).
 */
function anonymised(record: HandoffRecord): HandoffRecord {
  const { summary: _s, resolution: _r, releaseNote: _n, hub, ...rest } = record;
  return {
    ...rest,
    userId: 'erased',
    reason: 'erased',
    contactFields: [],
    ...(hub ? { hub: { state: hub.state, at: hub.at } } : {}),
  };
}
