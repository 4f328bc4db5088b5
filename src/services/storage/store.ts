import type { ContainerName } from './containers';

/** A stored record as every Store returns it. */
export interface StoredRecord<T = unknown> {
  container: ContainerName;
  partition: string;
  key: string;
  value: T;
  /** Opaque version tag; pass it back as `ifMatch` to write only if nobody changed it since. */
  eTag: string;
  /** Epoch milliseconds after which the record is treated as gone; null = kept until deleted. */
  expiresAt: number | null;
}

export interface PutOptions {
  /** Write only if the stored eTag still equals this (optimistic concurrency). */
  ifMatch?: string;
  /** Write only if no record exists yet (create-only). */
  ifNoneMatch?: '*';
  /** Retention: the record expires this many seconds after this write. */
  ttlSeconds?: number;
}

export interface QueryOptions {
  /** Only keys that start with this prefix. */
  keyPrefix?: string;
  /** At most this many records, ordered by key. */
  limit?: number;
}

/** Which records of one partition to count. Fields are top-level fields of the stored value. */
export interface CountOptions {
  /** Only keys that start with this prefix. */
  keyPrefix?: string;
  /** Only records whose value has each of these fields equal to the given string. */
  equal?: Record<string, string>;
  /**
   * Only records that come before this point when ordered by these string fields of the value in
   * turn and then by key, all in code point order: how many are ahead of a record in that order.
   * A record whose field is not a string is not counted.
   */
  before?: { by: readonly { field: string; value: string }[]; key: string };
}

/** A field name a count may name: letters, digits and '_', so it can be written into a query. */
export function countedField(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new TypeError(`cannot count by the field "${name}"`);
  return name;
}

/** Thrown when an ifMatch/ifNoneMatch condition fails: someone else wrote first. */
export class ConflictError extends Error {
  readonly code = 'conflict';
  constructor(message = 'the record was changed by someone else') {
    super(message);
    this.name = 'ConflictError';
  }
}

/** Thrown when the backing store is unreachable or keeps failing after retries. */
export class StoreUnavailableError extends Error {
  readonly code = 'store_unavailable';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/**
 * The one storage contract of Helpline. Two implementations (SQLite, Cosmos DB) pass the
 * same conformance suite in test/services/storage/conformance.ts.
 * Expired records are invisible to get/query even before a purge removes them.
 */
export interface Store {
  readonly kind: 'sqlite' | 'cosmos' | 'memory';
  get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined>;
  /** Writes a record. The answer is the store's own copy of what it wrote: changing `value` afterwards does not change it. */
  put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>>;
  /** Deletes one record; false when it was not there. With ifMatch, throws ConflictError on a mismatch. */
  delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean>;
  /** Records of one partition, ordered by key. */
  query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]>;
  /** How many records of one partition match, counted by the store without reading them. */
  count(container: ContainerName, partition: string, options?: CountOptions): Promise<number>;
  /** Removes a whole partition (erasure); returns how many records went. */
  deletePartition(container: ContainerName, partition: string): Promise<number>;
  /** Removes every expired record now; returns how many went. */
  purgeExpired(): Promise<number>;
  /** Makes erased data unrecoverable from the store's own files (SQLite: checkpoint and truncate the WAL); a no-op for Cosmos. */
  scrub(): Promise<void>;
  /** Throws when the store cannot serve requests. */
  health(): Promise<void>;
  close(): Promise<void>;
}
