import { z } from 'zod';
import type { ConsentPurpose } from '../consent-ledger';
import { createIfAbsent } from '../../storage/create-once';
import { ConflictError, type Store } from '../../storage/store';
import { addressHash } from './email-index';

export const SUPPRESSION_CHANNELS = ['email', 'phone'] as const;
export type SuppressionChannel = (typeof SUPPRESSION_CHANNELS)[number];

/** The purposes the list holds addresses for, with the channel and the profile field of the address. */
export const SUPPRESSION_OF: Partial<Record<ConsentPurpose, { channel: SuppressionChannel; field: 'email' | 'phone' }>> = {
  marketing_email: { channel: 'email', field: 'email' },
  marketing_phone: { channel: 'phone', field: 'phone' },
};

export const suppressionEntrySchema = z.object({
  channel: z.enum(SUPPRESSION_CHANNELS),
  /** Absent once the owner's data was erased: only the hash remains, still enough to match. */
  address: z.string().optional(),
  addressHash: z.string(),
  /** ISO time of the first opt-out for this address. */
  since: z.string(),
});
export type SuppressionEntry = z.infer<typeof suppressionEntrySchema>;

/** One line of the export for the marketing system. */
export interface SuppressionRow {
  /** The address, or 'sha256:<hex of the lower-cased address>' after erasure. */
  address: string;
  channel: SuppressionChannel;
  since: string;
}

const PARTITION = 'suppression';
const keyOf = (channel: SuppressionChannel, address: string) => `${channel}/${addressHash(address)}`;

/**
 * Addresses that must never get marketing (P7), keyed on the address rather than the account so
 * that it holds whichever account or system the address turns up in. Kept with no expiry: the
 * promise not to market to someone does not lapse.
 */
export class SuppressionList {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** Suppresses an address; an address already on the list keeps its original date. */
  async add(channel: SuppressionChannel, address: string): Promise<{ entry: SuppressionEntry; added: boolean }> {
    // Create-only: most addresses are new to the list, so no read first; a conflict means it was already there.
    const entry: SuppressionEntry = { channel, address: address.trim(), addressHash: addressHash(address), since: new Date(this.now()).toISOString() };
    const { created, stored } = await createIfAbsent(this.store, 'ledger', PARTITION, keyOf(channel, address), entry);
    return created || !stored ? { entry, added: created } : { entry: suppressionEntrySchema.parse(stored.value), added: false };
  }

  async get(channel: SuppressionChannel, address: string): Promise<SuppressionEntry | undefined> {
    const found = await this.store.get<unknown>('ledger', PARTITION, keyOf(channel, address));
    return found ? suppressionEntrySchema.parse(found.value) : undefined;
  }

  /** Erasure: the address itself goes, its hash stays so the opt-out keeps working. */
  async anonymise(channel: SuppressionChannel, address: string): Promise<boolean> {
    const existing = await this.get(channel, address);
    if (!existing?.address) return false;
    const { address: _dropped, ...rest } = existing;
    await this.store.put('ledger', PARTITION, keyOf(channel, address), rest);
    return true;
  }

  /**
   * Takes an address off the list (an opt-in): the caller has proven the right to. Only the entry
   * that was read is deleted (eTag), so an opt-out that re-suppressed the address meanwhile, on
   * another instance, stands. A conflict is also what a retried delete whose first answer was lost
   * meets on Cosmos DB: reading again tells the two apart. True when the address is off the list.
   */
  async lift(channel: SuppressionChannel, address: string): Promise<boolean> {
    const key = keyOf(channel, address);
    const found = await this.store.get<unknown>('ledger', PARTITION, key);
    if (!found) return true;
    try {
      await this.store.delete('ledger', PARTITION, key, { ifMatch: found.eTag });
      return true;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      return (await this.store.get<unknown>('ledger', PARTITION, key)) === undefined;
    }
  }

  async list(): Promise<SuppressionEntry[]> {
    const records = await this.store.query<unknown>('ledger', PARTITION);
    return records.map((r) => suppressionEntrySchema.parse(r.value)).sort((a, b) => a.since.localeCompare(b.since));
  }

  async rows(): Promise<SuppressionRow[]> {
    return (await this.list()).map((e) => ({ address: e.address ?? `sha256:${e.addressHash}`, channel: e.channel, since: e.since }));
  }
}

/** The export a marketing system imports: JSON lines or CSV with a header. */
export function formatSuppression(rows: SuppressionRow[], format: 'jsonl' | 'csv'): string {
  if (format === 'jsonl') return rows.map((r) => JSON.stringify({ address: r.address, channel: r.channel, since: r.since })).join('\n');
  // A leading = @ (or + - not followed by a digit, so E.164 numbers stay intact) would run as a spreadsheet formula.
  const formula = /^(?:[=@\t\r]|[+-](?!\d))/;
  const cell = (v: string) => {
    const safe = formula.test(v) ? `'${v}` : v;
    return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return ['address,channel,since', ...rows.map((r) => [r.address, r.channel, r.since].map(cell).join(','))].join('\n');
}
