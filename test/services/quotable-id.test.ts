import { quotableId, quotableIdFrom } from '../../src/services/quotable-id';

describe('quotable ids', () => {
  it('use only characters that cannot be misread (no 0, O, 1 or I) after the prefix', () => {
    const ids = Array.from({ length: 2000 }, () => quotableId('T-', 10));
    for (const id of ids) expect(id).toMatch(/^T-[2-9A-HJ-NP-Z]{10}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // All 32 characters turn up, so the ids use the whole alphabet's 5 bits per character.
    expect(new Set(ids.map((id) => id.slice(2)).join('')).size).toBe(32);
  });

  it('from a seed are the same every time and differ between seeds', () => {
    const a = quotableIdFrom('T-', 10, 'T-ABCDEFGHJK/callback');
    expect(quotableIdFrom('T-', 10, 'T-ABCDEFGHJK/callback')).toBe(a);
    expect(quotableIdFrom('T-', 10, 'T-ABCDEFGHJK/email')).not.toBe(a);
    expect(a).toMatch(/^T-[2-9A-HJ-NP-Z]{10}$/);
  });
});
