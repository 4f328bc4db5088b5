/**
 * Moves a test bot's clock on by `ms` while a technician stays signed in: a technician counts as
 * online only if their session was used in the last 10 minutes (what the console's polling does),
 * so the clock moves in 5-minute steps, each followed by a request of theirs (`touch`).
 */
export async function advanceSignedIn(clock: { advance(ms: number): void }, ms: number, touch: () => Promise<unknown>): Promise<void> {
  const step = 5 * 60_000;
  for (let left = ms; left > 0; left -= step) {
    clock.advance(Math.min(step, left));
    await touch();
  }
}
