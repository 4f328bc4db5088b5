import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { escapeCosmosKey, MAX_ID_BYTES } from '../../../src/services/storage/key-escape';

const ILLEGAL = /[/\\?#]/;

describe('escapeCosmosKey', () => {
  it('leaves keys that Cosmos DB already accepts readable and unchanged', () => {
    for (const key of ['plain', 'msteams:19:abc@thread.tacv2;messageid=1', 'ünïcödé 😀', 'with space']) {
      expect(escapeCosmosKey(key)).toBe(key);
    }
  });

  it("replaces / \\ ? # and the escape character '*' with '*' and two hex digits", () => {
    expect(escapeCosmosKey('a/b\\c?d#e*f')).toBe('a*2fb*5cc*3fd*23e*2af');
  });

  it('keeps a key that looks like an escaped one apart from the key it resembles', () => {
    expect(escapeCosmosKey('a/b')).not.toBe(escapeCosmosKey('a*2fb'));
  });

  it('shortens long keys to a legal id ending in the sha256 of the whole key, the same id every time', () => {
    const key = 'msteams/conversations/' + 'a:1'.repeat(150);
    const id = escapeCosmosKey(key);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_ID_BYTES);
    expect(id.endsWith(createHash('sha256').update(key).digest('hex'))).toBe(true);
    expect(id).not.toMatch(ILLEGAL);
    expect(escapeCosmosKey(key)).toBe(id);
    expect(escapeCosmosKey(key + 'b')).not.toBe(id);
  });

  it('never cuts a multi-byte character in half', () => {
    const id = escapeCosmosKey('😀'.repeat(100));
    expect(Buffer.from(id, 'utf8').toString('utf8')).toBe(id);
    expect(id).not.toContain('\ufffd');
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_ID_BYTES);
  });

  it('refuses an empty key', () => {
    expect(() => escapeCosmosKey('')).toThrow(/empty/);
  });

  it('always gives a legal id, and different keys never share one', () => {
    const keyArb = fc.oneof(
      fc.string({ minLength: 1, maxLength: 300, unit: fc.constantFrom('a', '/', '\\', '?', '#', '*', '2', 'f', 'h', 'é', '😀') }),
      fc.string({ minLength: 1, maxLength: 500, unit: 'grapheme' }),
    );
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        const idA = escapeCosmosKey(a);
        expect(idA).not.toMatch(ILLEGAL);
        expect(Buffer.byteLength(idA)).toBeLessThanOrEqual(MAX_ID_BYTES);
        expect(escapeCosmosKey(a)).toBe(idA);
        if (a !== b) expect(escapeCosmosKey(b)).not.toBe(idA);
      }),
      { numRuns: 500 },
    );
  });
});
