// Applies a string redactor to every string inside a JSON-like value, object keys included (a
// client can put anything in a key, and telemetry property names can carry what was typed):
// Adaptive Card submit values, attachments, log objects, telemetry items. Returns a copy; the
// input is never modified. Errors stay Errors, with message and stack redacted, so loggers and
// Application Insights still treat them as exceptions.

// Keys that could reach an object's prototype when the copy is later merged somewhere.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 100;

export function redactDeep<T>(value: T, redactor: (s: string) => string): T {
  const seen = new Map<object, unknown>();

  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactor(v);
    if (v === null || typeof v !== 'object') return v;
    const known = seen.get(v);
    if (known !== undefined) return known; // a cycle or shared reference: reuse the copy
    if (depth >= MAX_DEPTH) return '[truncated]';
    if (v instanceof Date || v instanceof RegExp || ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return v;
    if (Array.isArray(v)) {
      const copy: unknown[] = [];
      seen.set(v, copy);
      for (const item of v) copy.push(walk(item, depth + 1));
      return copy;
    }
    if (v instanceof Map) {
      const copy = new Map<unknown, unknown>();
      seen.set(v, copy);
      for (const [k, item] of v) copy.set(typeof k === 'string' ? redactor(k) : k, walk(item, depth + 1));
      return copy;
    }
    if (v instanceof Set) {
      const copy = new Set<unknown>();
      seen.set(v, copy);
      for (const item of v) copy.add(walk(item, depth + 1));
      return copy;
    }
    let copy: Record<string, unknown>;
    if (v instanceof Error) {
      // message and stack are not enumerable, and they are where a pasted secret ends up in logs.
      const error = new Error(redactor(v.message));
      error.name = v.name;
      error.stack = v.stack === undefined ? undefined : redactor(v.stack);
      copy = error as unknown as Record<string, unknown>;
    } else {
      copy = {};
    }
    seen.set(v, copy);
    for (const key of Object.keys(v)) {
      if (UNSAFE_KEYS.has(key)) continue;
      copy[redactor(key)] = walk((v as Record<string, unknown>)[key], depth + 1);
    }
    return copy;
  };

  return walk(value, 0) as T;
}
