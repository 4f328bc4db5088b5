import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { createOnce } from '../storage/create-once';
import type { Store } from '../storage/store';
import type { TechnicianRef } from './handoff-record';

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  handoffId: z.string(),
  // requeue: the technician's session ended with the handoff held, and it went back to the queue.
  action: z.enum(['claim', 'reveal', 'release', 'resolve', 'requeue']),
  technicianId: z.string(),
  technicianName: z.string(),
  field: z.string().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const C = 'ledger';
const P = 'audit';

/** Who did what to which handoff, above all who revealed which personal field (P10). ledger/audit, keyed by handoff. */
export class HandoffAuditLog {
  // Orders entries written in the same millisecond (a burst, or a frozen test clock).
  private lastMs = -1;
  private sameMs = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    private readonly retentionDays = 2555,
  ) {}

  async record(input: { handoffId: string; action: AuditEntry['action']; technician: TechnicianRef; field?: string }): Promise<AuditEntry> {
    const ms = Math.max(this.now(), this.lastMs);
    this.sameMs = ms === this.lastMs ? this.sameMs + 1 : 0;
    this.lastMs = ms;
    const at = new Date(ms).toISOString();
    const entry: AuditEntry = {
      id: `${at}-${this.sameMs.toString(36).padStart(4, '0')}${randomBytes(4).toString('hex')}`,
      at,
      handoffId: input.handoffId,
      action: input.action,
      technicianId: input.technician.technicianId,
      technicianName: input.technician.name,
      ...(input.field ? { field: input.field } : {}),
    };
    await createOnce(this.store, C, P, `handoff/${input.handoffId}/${entry.id}`, entry, { ttlSeconds: this.retentionDays * 86400 });
    return entry;
  }

  /** Entries of one handoff (or of all handoffs), oldest first. */
  async list(handoffId?: string): Promise<AuditEntry[]> {
    const records = await this.store.query<AuditEntry>(C, P, { keyPrefix: handoffId ? `handoff/${handoffId}/` : 'handoff/' });
    return records
      .flatMap((r) => {
        const parsed = auditEntrySchema.safeParse(r.value);
        return parsed.success ? [parsed.data] : [];
      })
      .sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  }
}
