import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { BlobTooLarge } from '../../src/store/blobs/backend.js';
import { FilesystemBlobs } from '../../src/store/blobs/filesystem.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const backend = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-blobs-'));
  dirs.push(dir);
  return { dir, blobs: new FilesystemBlobs(dir) };
};
const body = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c)));
const text = async (stream: Readable) => Buffer.concat(await stream.toArray()).toString();

describe('filesystem blobs', () => {
  it('stores a blob only whole: a body that fails or runs over leaves nothing behind', async () => {
    const { dir, blobs } = backend();
    async function* failing() {
      yield Buffer.from('half a file');
      throw new Error('connection reset');
    }
    await expect(blobs.put(failing(), 1000)).rejects.toThrow('connection reset');
    await expect(blobs.put(body('x'.repeat(600), 'y'.repeat(600)), 1000)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    expect(fs.existsSync(path.join(dir, 'sha256'))).toBe(false);
    const stored = await blobs.put(body('hello ', 'world'), 1000);
    expect(await text(await blobs.read(stored.sha256))).toBe('hello world');
    expect(await text(await blobs.read(stored.sha256, { start: 6, end: 10 }))).toBe('world');
  });

  it('keeps a blob written while the collector decided, and forgets what a crash left in the temporary area', async () => {
    const { dir, blobs } = backend();
    const before = Date.now() - 1000;
    const { sha256 } = await blobs.put(body('fresh'), 100);
    // The collector judged it old (before the upload rewrote it): the fresh copy stays.
    expect(await blobs.delete(sha256, before)).toBe(false);
    expect(await blobs.size(sha256)).toBe(5);
    expect(await blobs.delete(sha256, Date.now() + 1000)).toBe(true);
    expect(await blobs.size(sha256)).toBeNull();
    expect(await blobs.delete(sha256, Date.now() + 1000)).toBe(false);
    fs.writeFileSync(path.join(dir, 'tmp', 'left-by-a-crash'), 'partial');
    await blobs.sweepTemporary(before);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual(['left-by-a-crash']);
    await blobs.sweepTemporary(Date.now() + 1000);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
  });

  it('hashes a body of many batches as its bytes, and a failure midway spoils no later upload', async () => {
    const { dir, blobs } = backend();
    // Odd-sized chunks, several MiB: batches of 1 MiB made of pieces of different chunks.
    const chunks = Array.from({ length: 37 }, (_, i) => randomBytes(100_000 + i * 7_919));
    const whole = Buffer.concat(chunks);
    async function* failingLate() {
      yield* chunks.slice(0, 30);
      throw new Error('connection reset');
    }
    await expect(blobs.put(failingLate(), 64 * 2 ** 20)).rejects.toThrow('connection reset');
    await expect(blobs.put(Readable.from(chunks), whole.length - 1)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(fs.readdirSync(path.join(dir, 'tmp'))).toEqual([]);
    const stored = await blobs.put(Readable.from(chunks), 64 * 2 ** 20);
    expect(stored).toEqual({ sha256: createHash('sha256').update(whole).digest('hex'), size: whole.length });
    expect(Buffer.concat(await (await blobs.read(stored.sha256)).toArray()).equals(whole)).toBe(true);
    // Two at once.
    const [a, b] = await Promise.all([
      blobs.put(Readable.from(chunks.slice(0, 20)), 64 * 2 ** 20),
      blobs.put(Readable.from(chunks.slice(10)), 64 * 2 ** 20),
    ]);
    expect(a.sha256).toBe(
      createHash('sha256')
        .update(Buffer.concat(chunks.slice(0, 20)))
        .digest('hex'),
    );
    expect(b.sha256).toBe(
      createHash('sha256')
        .update(Buffer.concat(chunks.slice(10)))
        .digest('hex'),
    );
  });
});
