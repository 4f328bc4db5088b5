import type { ContainerName } from '../../../src/services/storage/containers';
import { StoreUnavailableError, type PutOptions, type QueryOptions, type Store, type StoredRecord } from '../../../src/services/storage/store';
import { ForwardingStore } from '../../../src/services/storage/forwarding-store';

export interface StoreOp {
  op: 'get' | 'put' | 'delete' | 'query' | 'deletePartition';
  container: ContainerName;
  partition: string;
  key: string;
}

/**
 * A Store that fails on command, the way a store that has used up its retries fails
 * (StoreUnavailableError): from the n-th operation after arming until healed, as when an
 * outage starts in the middle of a turn. Records every operation, so a test can say which
 * write a turn was at when the outage began.
 */
export class FaultyStore extends ForwardingStore {
  readonly ops: StoreOp[] = [];
  private failAfter: number | undefined;
  private seen = 0;

  constructor(inner: Store) {
    super(inner);
  }

  /** Operations 0..n-1 from now succeed; every later one fails until heal(). */
  failFrom(n: number): void {
    this.failAfter = n;
    this.seen = 0;
  }

  heal(): void {
    this.failAfter = undefined;
  }

  private async run<R>(op: StoreOp, call: () => Promise<R>): Promise<R> {
    this.ops.push(op);
    if (this.failAfter !== undefined && this.seen++ >= this.failAfter) {
      throw new StoreUnavailableError(`injected outage at ${op.op} ${op.container}/${op.key}`);
    }
    return call();
  }

  override get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    return this.run({ op: 'get', container, partition, key }, () => this.inner.get<T>(container, partition, key));
  }

  override put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    return this.run({ op: 'put', container, partition, key }, () => this.inner.put(container, partition, key, value, options));
  }

  override delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean> {
    return this.run({ op: 'delete', container, partition, key }, () => this.inner.delete(container, partition, key, options));
  }

  override query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    return this.run({ op: 'query', container, partition, key: options?.keyPrefix ?? '' }, () => this.inner.query<T>(container, partition, options));
  }

  override deletePartition(container: ContainerName, partition: string): Promise<number> {
    return this.run({ op: 'deletePartition', container, partition, key: '' }, () => this.inner.deletePartition(container, partition));
  }
}
