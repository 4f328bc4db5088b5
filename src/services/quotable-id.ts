import { createHash, randomInt } from 'node:crypto';

// No 0/O/1/I: these ids are read aloud to support staff and typed back.
const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** An id a user can quote: the prefix and `length` characters of an unambiguous alphabet (5 bits each). */
export function quotableId(prefix: string, length: number): string {
  let id = prefix;
  for (let i = 0; i < length; i++) id += ALPHABET[randomInt(ALPHABET.length)];
  return id;
}

/** The same id for the same seed every time: for a record a retried step must find, not write again. */
export function quotableIdFrom(prefix: string, length: number, seed: string): string {
  const digest = createHash('sha256').update(seed).digest();
  let id = prefix;
  // 32 divides 256, so each byte picks a character without bias.
  for (let i = 0; i < length; i++) id += ALPHABET[digest[i] % ALPHABET.length];
  return id;
}
