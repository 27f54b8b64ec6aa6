import { describe, expect, it } from 'vitest';
import { MALFORMED, parseQueryString } from '../../src/http/query-string.js';

describe('query strings', () => {
  it('reads names and values as Python frameworks do', () => {
    expect({ ...parseQueryString('a=1&b=two+words&c=&d&e=%C3%A9') }).toEqual({ a: '1', b: 'two words', c: '', d: '', e: 'é' });
    expect({ ...parseQueryString('page=2&page=3') }).toEqual({ page: ['2', '3'] });
    expect({ ...parseQueryString('x=1&x=2&x=3') }).toEqual({ x: ['1', '2', '3'] });
    expect({ ...parseQueryString('') }).toEqual({});
  });

  it('replaces escapes that are not UTF-8 with U+FFFD and marks the query malformed', () => {
    const bad = parseQueryString('search=%E2%82&ok=1');
    expect(bad.search).toBe('\ufffd');
    expect(bad.ok).toBe('1');
    expect(bad[MALFORMED]).toBe(true);
    expect(parseQueryString('a=%zz')[MALFORMED]).toBe(true);
    expect(parseQueryString('a=%41')[MALFORMED]).toBeUndefined();
  });

  it('never lets a name reach the object prototype', () => {
    const parsed = parseQueryString('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    expect(parsed.__proto__).toBe('x');
  });
});
