import type { ContainerName } from './containers';
import type { CountOptions, PutOptions, QueryOptions, Store, StoredRecord } from './store';

/**
 * A Store that hands every call to another one. Decorators (counting for the benchmark,
 * fault injection in tests) extend it and override only the calls they watch.
 */
export class ForwardingStore implements Store {
  constructor(protected readonly inner: Store) {}

  get kind(): Store['kind'] {
    return this.inner.kind;
  }

  get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    return this.inner.get<T>(container, partition, key);
  }

  put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    return this.inner.put(container, partition, key, value, options);
  }

  delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean> {
    return this.inner.delete(container, partition, key, options);
  }

  query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    return this.inner.query<T>(container, partition, options);
  }

  count(container: ContainerName, partition: string, options?: CountOptions): Promise<number> {
    return this.inner.count(container, partition, options);
  }

  deletePartition(container: ContainerName, partition: string): Promise<number> {
    return this.inner.deletePartition(container, partition);
  }

  purgeExpired(): Promise<number> {
    return this.inner.purgeExpired();
  }

  scrub(): Promise<void> {
    return this.inner.scrub();
  }

  health(): Promise<void> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
