/**
 * Runs tasks one at a time per key (e.g. per conversation), in arrival order, while tasks for
 * different keys run concurrently. A failing task does not stop the ones queued after it, and
 * with `maxWaitMs` neither does a task that never finishes: the next one starts after that long,
 * so one stuck turn cannot silence a conversation for good.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly options: { maxWaitMs?: number } = {}) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = this.atMost(previous).then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      // Forget idle keys so the map does not grow with every conversation ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  private atMost(previous: Promise<unknown>): Promise<unknown> {
    const { maxWaitMs } = this.options;
    if (maxWaitMs === undefined) return previous;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, maxWaitMs);
      timer.unref();
    });
    return Promise.race([previous.finally(() => clearTimeout(timer)), timeout]);
  }
}
