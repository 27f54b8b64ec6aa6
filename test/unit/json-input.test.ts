import { describe, expect, it } from 'vitest';
import { decodeUtf8, jsonProblem, parseJsonText, textProblem } from '../../src/formats/json-input.js';

const nested = (levels: number): unknown => (levels === 0 ? 1 : [nested(levels - 1)]);

describe('what datashelf accepts as text and JSON', () => {
  it('refuses NUL and lone surrogates, and keeps everything else', () => {
    expect(textProblem('plain, émoji 😀, U+2028 \u2028')).toBeNull();
    expect(textProblem('a\u0000b')).toContain('U+0000');
    expect(textProblem('a\ud800b')).toContain('lone UTF-16 surrogate');
    expect(textProblem('\udc00')).toContain('lone UTF-16 surrogate');
  });

  it('finds the first bad value and where it is, keys included', () => {
    expect(jsonProblem({ a: [1, { b: 'ok' }] })).toBeNull();
    expect(jsonProblem({ a: [1, { b: 'x\u0000' }] })).toEqual({ field: '/a/1/b', message: expect.stringContaining('U+0000') });
    expect(jsonProblem({ 'k\ud800': 1 })).toEqual({ field: '/k\ud800', message: expect.stringContaining('key') });
  });

  it('bounds nesting at 128 levels', () => {
    expect(jsonProblem(nested(128))).toBeNull();
    expect(jsonProblem(nested(129))?.message).toBe('nests deeper than 128 levels');
    expect(() => parseJsonText('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(/deeper than 128/);
  });

  it('refuses bytes that are not UTF-8 rather than replacing them', () => {
    expect(decodeUtf8(Buffer.from('é'))).toBe('é');
    expect(() => decodeUtf8(Uint8Array.from([0x61, 0xff]))).toThrow(/not valid UTF-8/);
    expect(() => decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80]))).toThrow(/not valid UTF-8/);
  });
});
