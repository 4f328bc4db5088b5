export interface ScheduleOptions<R> {
  /** Default: every hour. */
  everyMs?: number;
  onResult?: (result: R) => void;
  onError?: (error: unknown) => void;
}

/**
 * Runs `job` on a timer that never keeps the process alive. One run at a time: a slow run is not
 * started again while it is still going. The background jobs (retention purge, request expiry,
 * the sweep of abandoned chats) all run on it.
 */
export function schedule<R>(job: () => Promise<R>, options: ScheduleOptions<R> = {}): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      options.onResult?.(await job());
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
