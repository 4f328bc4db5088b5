import { LruMap } from '../../src/services/lru-map';

describe('LruMap', () => {
  it('keeps at most max entries, dropping the least recently used', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.get('a')).toBe(1); // a is now more recent than b
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.has('b')).toBe(false);
    expect(map.get('a')).toBe(1);
    expect(map.get('c')).toBe(3);
  });

  it('counts setting a known key as use, without growing', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.set('a', 10);
    map.set('c', 3);
    expect(map.size).toBe(2);
    expect(map.get('a')).toBe(10);
    expect(map.has('b')).toBe(false);
  });

  it('forgets a deleted key', () => {
    const map = new LruMap<string, string>(5);
    map.set('k', 'v');
    map.delete('k');
    expect(map.get('k')).toBeUndefined();
    expect(map.size).toBe(0);
  });
});
