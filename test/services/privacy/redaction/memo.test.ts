import { memoizeRedactor } from '../../../../src/services/privacy/redaction/memo';

describe('memoizeRedactor', () => {
  it('masks each distinct text once and answers repeats from memory', () => {
    const calls: string[] = [];
    const masked = memoizeRedactor((t) => {
      calls.push(t);
      return t.toUpperCase();
    }, 2);
    expect(masked('a')).toBe('A');
    expect(masked('a')).toBe('A');
    expect(calls).toEqual(['a']);
  });

  it('stays bounded: the least recently used text is forgotten first', () => {
    const calls: string[] = [];
    const masked = memoizeRedactor((t) => (calls.push(t), t), 2);
    masked('a');
    masked('b');
    masked('a'); // a is now the most recent
    masked('c'); // evicts b
    masked('a');
    masked('b');
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });
});
