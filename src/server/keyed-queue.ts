/**
 * Runs tasks one at a time per key (e.g. per conversation), in arrival order, while tasks for
 * different keys run concurrently. A failing task does not stop the ones queued after it.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      // Forget idle keys so the map does not grow with every conversation ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
