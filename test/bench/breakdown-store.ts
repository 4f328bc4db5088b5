import type { ContainerName } from '../../src/services/storage/containers';
import type { CountOptions, PutOptions, QueryOptions, Store, StoredRecord } from '../../src/services/storage/store';
import { ForwardingStore } from '../../src/services/storage/forwarding-store';

/** Operation counts by "scope|container op kind", e.g. "turn|conversations put transcript". */
export type Breakdown = Record<string, number>;

/** What an operation was done for: a user's turn, a technician API request, or background work (jobs, timers). */
export type Scope = 'turn' | 'technician' | 'other request' | 'background';

/**
 * Counts store operations by container, operation and kind of key, so the benchmark can say
 * which component does the reads and writes of a turn (CountingStore only has totals).
 * The kind is the key's first segment ('transcript/0001' -> 'transcript'); bot state keys
 * ('<channel>/conversations/<id>/') are 'conversation state' or 'user state'. Each count is
 * also tagged with its scope, so background jobs are not charged to the turns measured.
 */
export class BreakdownStore extends ForwardingStore {
  private counts: Breakdown = {};

  constructor(
    inner: Store,
    private readonly scope: () => Scope = () => 'background',
  ) {
    super(inner);
  }

  snapshot(): Breakdown {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = {};
  }

  private tally(container: ContainerName, op: string, key: string): void {
    const name = `${this.scope()}|${container} ${op} ${kindOf(container, key)}`;
    this.counts[name] = (this.counts[name] ?? 0) + 1;
  }

  override get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    this.tally(container, 'get', key);
    return this.inner.get<T>(container, partition, key);
  }

  override put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    this.tally(container, 'put', key);
    return this.inner.put(container, partition, key, value, options);
  }

  override delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean> {
    this.tally(container, 'delete', key);
    return this.inner.delete(container, partition, key, options);
  }

  override query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    this.tally(container, 'query', options?.keyPrefix ? options.keyPrefix : `(${partition.length > 24 ? 'partition' : partition})`);
    return this.inner.query<T>(container, partition, options);
  }

  override count(container: ContainerName, partition: string, options?: CountOptions): Promise<number> {
    this.tally(container, 'count', options?.keyPrefix ? options.keyPrefix : `(${partition.length > 24 ? 'partition' : partition})`);
    return this.inner.count(container, partition, options);
  }

  override deletePartition(container: ContainerName, partition: string): Promise<number> {
    this.tally(container, 'deletePartition', '*');
    return this.inner.deletePartition(container, partition);
  }
}

function kindOf(container: ContainerName, key: string): string {
  if (container === 'botstate') {
    if (/\/conversations\//.test(key)) return 'conversation state';
    if (/\/users\//.test(key)) return 'user state';
    return 'state';
  }
  const first = key.split('/')[0];
  if (first.length === 0 || first.length > 24) return '<key>';
  // Ids become one kind: uuids and hex ids, and references users quote ('PR-' and 8 characters).
  return first.replace(/[0-9a-f-]{16,}$/i, '<id>').replace(/^([A-Z]+-)[0-9A-Z]{6,}$/, '$1<ref>');
}
