import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { BodyParts } from '../../src/domain/imports/parts.js';

/** A body arriving in chunks that do not line up with its files. */
async function* chunks(...texts: string[]): AsyncIterable<Buffer> {
  for (const text of texts) yield Buffer.from(text);
}

describe('BodyParts: a body of several files read file by file', () => {
  it('gives each file exactly its bytes, whatever the chunks', async () => {
    const parts = new BodyParts(chunks('ab', 'cdef', 'g', 'hij'));
    const read = [];
    for (const size of [3, 0, 5, 2]) read.push((await buffer(parts.next(size))).toString());
    expect(read).toEqual(['abc', '', 'defgh', 'ij']);
  });

  it('skips what a reader left of its file before the next file', async () => {
    const parts = new BodyParts(chunks('abcd', 'efgh'));
    for await (const chunk of parts.next(6)) {
      expect(chunk.toString()).toBe('abcd');
      break;
    }
    expect((await buffer(parts.next(2))).toString()).toBe('gh');
  });

  it('refuses a body that ends before its files do', async () => {
    const parts = new BodyParts(chunks('abc'));
    await expect(buffer(parts.next(5))).rejects.toThrow('the body ended before the last of its files did');
  });
});
