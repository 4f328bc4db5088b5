import { ConflictError } from '../storage/store';
import type { HandoffKind, HandoffRecord } from '../handoff/handoff-record';
import type { HandoffRepository } from '../handoff/handoff-repository';

export type FollowUpKind = Exclude<HandoffKind, 'live'>;

/** What erasing one ticket did: blanked it, or also ended a follow-up that was still waiting. */
export type ErasedHandoff = { outcome: 'anonymised' } | { outcome: 'cancelled'; kind: FollowUpKind };

/**
 * Removes a person from one handoff ticket (erasure, P11; a child's conversation, P13): nothing
 * that identifies or describes them stays. A callback or email still waiting is ended as
 * cancelled, since a technician could not reach them now and must not try. Undefined when the
 * ticket is gone; retried when it changes meanwhile (a claim, a release).
 */
export async function eraseHandoff(repo: HandoffRepository, id: string, now: () => number): Promise<ErasedHandoff | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const active = await repo.getActive(id);
    const current = active ?? (await repo.getEnded(id));
    if (!current) return undefined;
    const blank = anonymised(current.value);
    try {
      if (active && blank.status === 'waiting' && blank.kind !== 'live') {
        await repo.finish({ ...blank, status: 'ended', outcome: 'cancelled', endedAt: new Date(now()).toISOString() }, current.eTag);
        return { outcome: 'cancelled', kind: blank.kind };
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

/** One sentence for the user about the follow-ups erasure ended, or undefined when it ended none. */
export function cancelledFollowUpsText(kinds: FollowUpKind[]): string | undefined {
  const named = [...new Set(kinds)].sort().map((k) => (k === 'callback' ? 'the call back' : 'the email follow-up'));
  if (named.length === 0) return undefined;
  return `I've also cancelled ${named.join(' and ')} you asked for, so no technician will contact you about it.`;
}

/** A handoff ticket with nothing left that identifies or describes the person. */
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
