import type { ContainerName } from './containers';
import type { CountOptions, PutOptions, QueryOptions, Store, StoredRecord } from './store';
import { ForwardingStore } from './forwarding-store';

export interface StoreOperationCounts {
  /** get + query (a count is a query) */
  reads: number;
  /** put + delete + deletePartition */
  writes: number;
  get: number;
  query: number;
  put: number;
  delete: number;
  deletePartition: number;
}

const ZERO: StoreOperationCounts = { reads: 0, writes: 0, get: 0, query: 0, put: 0, delete: 0, deletePartition: 0 };

/** Wraps a Store and counts its operations, so the benchmark can report storage calls per turn. */
export class CountingStore extends ForwardingStore {
  private counts: StoreOperationCounts = { ...ZERO };

  constructor(inner: Store) {
    super(inner);
  }

  /** The counts so far (a copy). */
  snapshot(): StoreOperationCounts {
    return { ...this.counts };
  }

  reset(): void {
    this.counts = { ...ZERO };
  }

  // Counted before the call: a failed or conflicting operation still cost a round trip.
  private tally(op: 'get' | 'query' | 'put' | 'delete' | 'deletePartition'): void {
    this.counts[op] += 1;
    if (op === 'get' || op === 'query') this.counts.reads += 1;
    else this.counts.writes += 1;
  }

  override get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    this.tally('get');
    return this.inner.get<T>(container, partition, key);
  }

  override put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    this.tally('put');
    return this.inner.put(container, partition, key, value, options);
  }

  override delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean> {
    this.tally('delete');
    return this.inner.delete(container, partition, key, options);
  }

  override query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    this.tally('query');
    return this.inner.query<T>(container, partition, options);
  }

  override count(container: ContainerName, partition: string, options?: CountOptions): Promise<number> {
    this.tally('query');
    return this.inner.count(container, partition, options);
  }

  override deletePartition(container: ContainerName, partition: string): Promise<number> {
    this.tally('deletePartition');
    return this.inner.deletePartition(container, partition);
  }
}
