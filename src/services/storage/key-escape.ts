import { createHash } from 'node:crypto';

// Cosmos DB ids may not contain these; '*' is the escape character itself, so it is escaped too
// (the same scheme as botbuilder's CosmosDbKeyEscape with compatibilityMode false).
const ILLEGAL = new Set(['\\', '?', '/', '#', '*']);

/** Longest id we produce, in UTF-8 bytes: the strictest Cosmos DB id limit botbuilder assumes. */
export const MAX_ID_BYTES = 255;

const HASH_MARK = '*h'; // never produced by escaping ('*' is always followed by two hex digits)
const HASH_HEX_LENGTH = 64;

/**
 * Maps any key to a legal Cosmos DB id, deterministically and injectively: the same key always
 * gives the same id (so a restart or another instance finds the record), different keys never
 * share one. Long keys keep a readable prefix plus the sha256 of the whole key; unlike
 * botbuilder's optional hashing there is no random salt, which would make the id unfindable.
 */
export function escapeCosmosKey(key: string): string {
  if (key.length === 0) throw new TypeError('a storage key cannot be empty');
  let escaped = '';
  for (const ch of key) {
    escaped += ILLEGAL.has(ch) ? `*${ch.charCodeAt(0).toString(16).padStart(2, '0')}` : ch;
  }
  if (Buffer.byteLength(escaped, 'utf8') <= MAX_ID_BYTES) return escaped;
  const hash = createHash('sha256').update(key, 'utf8').digest('hex');
  return truncateToBytes(escaped, MAX_ID_BYTES - HASH_MARK.length - HASH_HEX_LENGTH) + HASH_MARK + hash;
}

/** Cuts on a code-point boundary so the id never ends in half a character. */
function truncateToBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > maxBytes) break;
    out += ch;
    bytes += size;
  }
  return out;
}
