import { SqliteStore } from '../../src/services/storage/sqlite-store';

/** A throwaway in-memory SQLite store with a controllable clock, for dialog and service tests. */
export function memoryStore(start = Date.parse('2026-03-31T12:00:00Z')) {
  let now = start;
  const clock = {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
    set: (t: number) => {
      now = t;
    },
  };
  return { store: new SqliteStore({ dataDir: ':memory:', now: clock.now }), clock };
}
