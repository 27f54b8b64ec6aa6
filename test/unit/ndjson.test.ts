import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readNdjson } from '../../src/formats/ndjson.js';

const limits = { maxBytes: 10_000, maxLineBytes: 100, maxItems: 5 };
const accept = () => [];
const read = (chunks: (string | Buffer)[], check: (v: unknown) => { field: string; message: string }[] = accept) =>
  readNdjson(Readable.from(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))), limits, check);

describe('NDJSON reading', () => {
  it('reads lines split anywhere across chunks and skips blank lines', async () => {
    expect(await read(['{"a"', ':1}\n\n  \n{"a":2}\r\n{"b":', '3}'])).toEqual([{ a: 1 }, { a: 2 }, { b: 3 }]);
  });

  it('names the first bad line by its number', async () => {
    await expect(read(['{"a":1}\n', '{"a":\n'])).rejects.toMatchObject({ code: 'bad_request', message: expect.stringContaining('line 2') });
    const check = (v: unknown) => ((v as { a: unknown }).a === 'bad' ? [{ field: 'a', message: 'is bad' }] : []);
    await expect(read(['{"a":1}\n\n{"a":"bad"}\n'], check)).rejects.toMatchObject({
      code: 'validation_failed',
      message: 'line 3: a is bad',
    });
  });

  it('refuses too long a line, too many lines, bytes that are not UTF-8 and JSON too deep', async () => {
    await expect(read([`{"a":"${'x'.repeat(200)}"}\n`])).rejects.toMatchObject({
      code: 'payload_too_large',
      message: expect.stringContaining('line 1'),
    });
    await expect(read(['{}\n'.repeat(6)])).rejects.toMatchObject({ code: 'payload_too_large' });
    await expect(read([Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d, 0x0a])])).rejects.toMatchObject({
      code: 'bad_request',
      message: expect.stringContaining('UTF-8'),
    });
    await expect(
      readNdjson(Readable.from([Buffer.from('['.repeat(200) + ']'.repeat(200))]), { ...limits, maxLineBytes: 1000 }, accept),
    ).rejects.toMatchObject({
      message: expect.stringContaining('deeper than 128'),
    });
  });
});
