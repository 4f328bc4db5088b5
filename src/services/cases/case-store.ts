import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../storage/store';

/** One problem a user brought, with what was tried: the summary a technician picks up (no re-asking). */
export const caseRecordSchema = z.object({
  id: z.string(),
  userId: z.string(),
  conversationId: z.string(),
  device: z.string(),
  problem: z.string(),
  flowId: z.string().optional(),
  stepsTried: z.array(z.object({ stepId: z.string(), text: z.string(), outcome: z.string() })),
  status: z.enum(['open', 'resolved', 'escalated']),
  /** Extra facts a feature adds for the technician, e.g. billing eligibility. */
  notes: z.record(z.unknown()).default({}),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseRecord = z.infer<typeof caseRecordSchema>;
export type CaseSummary = Pick<CaseRecord, 'id' | 'device' | 'problem' | 'stepsTried' | 'status' | 'notes'>;

/** Cases live in the user's partition so an export or erasure finds them all. */
export class CaseStore {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
    private readonly retentionDays = 730,
  ) {}

  /** Opens a new case for a problem. */
  async open(input: { userId: string; conversationId: string; device: string; problem: string; flowId?: string; notes?: Record<string, unknown> }): Promise<CaseRecord> {
    const at = new Date(this.now()).toISOString();
    const { notes, ...facts } = input;
    const record: CaseRecord = { id: randomUUID(), ...facts, stepsTried: [], status: 'open', notes: notes ?? {}, createdAt: at, updatedAt: at };
    await this.save(record);
    return record;
  }

  async get(userId: string, caseId: string): Promise<CaseRecord | undefined> {
    const found = await this.store.get<CaseRecord>('users', userId, `case/${caseId}`);
    return found ? caseRecordSchema.parse(found.value) : undefined;
  }

  /** Applies a change to a stored case and saves it. */
  async update(userId: string, caseId: string, change: (c: CaseRecord) => void): Promise<CaseRecord | undefined> {
    const record = await this.get(userId, caseId);
    if (!record) return undefined;
    change(record);
    record.updatedAt = new Date(this.now()).toISOString();
    await this.save(record);
    return record;
  }

  /**
   * The user chose to start something new over carrying this case on ("continue where we stopped?"):
   * it is not offered again. Nothing is written when it is no longer `offered` (finished, declined).
   */
  async declineResume(userId: string, caseId: string, offered: (c: CaseRecord) => boolean): Promise<void> {
    const record = await this.get(userId, caseId);
    if (!record || !offered(record)) return;
    await this.save({ ...record, notes: { ...record.notes, resumeDeclined: true }, updatedAt: new Date(this.now()).toISOString() });
  }

  async list(userId: string): Promise<CaseRecord[]> {
    const records = await this.store.query<CaseRecord>('users', userId, { keyPrefix: 'case/' });
    return records.map((r) => caseRecordSchema.parse(r.value));
  }

  /** Writes a case the caller already holds (no read first). */
  async save(record: CaseRecord): Promise<void> {
    await this.store.put('users', record.userId, `case/${record.id}`, record, { ttlSeconds: this.retentionDays * 86400 });
  }
}

export function summarize(record: CaseRecord): CaseSummary {
  const { id, device, problem, stepsTried, status, notes } = record;
  return { id, device, problem, stepsTried, status, notes };
}
