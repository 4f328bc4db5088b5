// Applies a string redactor to every string inside a JSON-like value: Adaptive Card submit
// values, attachments, log objects. Returns a copy; the input is never modified.

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
      for (const [k, item] of v) copy.set(k, walk(item, depth + 1));
      return copy;
    }
    if (v instanceof Set) {
      const copy = new Set<unknown>();
      seen.set(v, copy);
      for (const item of v) copy.add(walk(item, depth + 1));
      return copy;
    }
    const copy: Record<string, unknown> = {};
    seen.set(v, copy);
    if (v instanceof Error) {
      // message and stack are not enumerable, and they are where a pasted secret ends up in logs.
      copy['name'] = v.name;
      copy['message'] = redactor(v.message);
      if (v.stack) copy['stack'] = redactor(v.stack);
    }
    for (const key of Object.keys(v)) {
      if (UNSAFE_KEYS.has(key)) continue;
      copy[key] = walk((v as Record<string, unknown>)[key], depth + 1);
    }
    return copy;
  };

  return walk(value, 0) as T;
}
