import { ForwardingStore } from '../../src/services/storage/forwarding-store';
import { ConflictError, type PutOptions, type StoredRecord } from '../../src/services/storage/store';
import type { ContainerName } from '../../src/services/storage/containers';

/** A store whose next put lands but answers as if the retry after a lost answer met it: a conflict. */
export class LostAnswerStore extends ForwardingStore {
  loseNext = false;
  /** Aims the loss at the next put whose key starts with this, letting the puts before it through. */
  loseKeyPrefix = '';
  override async put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    const written = await super.put(container, partition, key, value, options);
    if (!this.loseNext || !key.startsWith(this.loseKeyPrefix)) return written;
    this.loseNext = false;
    throw new ConflictError('the record already exists');
  }
}
