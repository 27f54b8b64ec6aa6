import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// s3rver speaks the S3 protocol on a local directory (it does not check signatures).
import S3rver from 's3rver';
import { BlobTooLarge } from '../../src/store/blobs/backend.js';
import { S3Blobs } from '../../src/store/blobs/s3.js';
import { startServer, type TestServer } from '../helpers/server.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-s3rver-'));
const s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: 'blobs' }] });
let blobs: S3Blobs;

beforeAll(async () => {
  const { port } = await s3.run();
  blobs = new S3Blobs({
    bucket: 'blobs',
    prefix: 'datashelf/',
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const body = (...chunks: (string | Buffer)[]) => Readable.from(chunks.map((c) => Buffer.from(c)));
const text = async (stream: Readable) => Buffer.concat(await stream.toArray()).toString();
const temporary = async () => {
  const keys: string[] = [];
  for await (const b of blobs.list()) keys.push(b.sha256);
  return keys;
};

describe('S3 blobs (against s3rver)', () => {
  it('stores blobs by SHA-256, serves ranges, and keeps nothing of a body over the limit', async () => {
    const stored = await blobs.put(body('hello ', 'world'), 1000);
    expect(await blobs.size(stored.sha256)).toBe(11);
    expect(await text(await blobs.read(stored.sha256))).toBe('hello world');
    expect(await text(await blobs.read(stored.sha256, { start: 6, end: 10 }))).toBe('world');
    expect(await blobs.size('0'.repeat(64))).toBeNull();
    await expect(blobs.put(body('x'.repeat(600), 'y'.repeat(600)), 1000)).rejects.toBeInstanceOf(BlobTooLarge);
    expect(await temporary()).toEqual([stored.sha256]);
  });

  it('writes a body larger than a request part as a multipart upload', async () => {
    const big = Buffer.alloc(9 * 1024 * 1024, 7);
    const stored = await blobs.put(body(big.subarray(0, 5_000_000), big.subarray(5_000_000)), 10 * 1024 * 1024);
    expect(stored.size).toBe(big.length);
    expect(await blobs.size(stored.sha256)).toBe(big.length);
    expect(await text(await blobs.read(stored.sha256, { start: big.length - 3, end: big.length - 1 }))).toBe('\x07\x07\x07');
  });

  it('keeps numbered parts, replaces a part sent again, and assembles them in order', async () => {
    const upload = '3b241101-e2bb-4255-8caf-4136c566a962';
    await blobs.putPart(upload, 2, body('second'), 100);
    await blobs.putPart(upload, 1, body('garbled'), 100);
    await blobs.putPart(upload, 1, body('first-'), 100);
    expect(await blobs.parts(upload)).toEqual([
      { part: 1, size: 6 },
      { part: 2, size: 6 },
    ]);
    const whole = await blobs.assemble(upload, [1, 2], 100);
    expect(await text(await blobs.read(whole.sha256))).toBe('first-second');
    await blobs.dropParts(upload);
    expect(await blobs.parts(upload)).toEqual([]);
  });

  it('deletes a blob only when it was not written since the time given', async () => {
    const { sha256 } = await blobs.put(body('to collect'), 100);
    expect(await blobs.delete(sha256, Date.now() - 60_000)).toBe(false);
    expect(await blobs.delete(sha256, Date.now() + 60_000)).toBe(true);
    expect(await blobs.size(sha256)).toBeNull();
    await blobs.putPart('9b241101-e2bb-4255-8caf-4136c566a962', 1, body('left behind'), 100);
    await blobs.sweepTemporary(Date.now() + 60_000);
    expect(await blobs.parts('9b241101-e2bb-4255-8caf-4136c566a962')).toEqual([]);
  });

  it('serves attachments end to end from the object store', async () => {
    let server: TestServer | undefined;
    try {
      server = await startServer({ blobs });
      const ns = await server.request('POST', '/v1/namespaces', { body: { slug: 's3ns', name: 's3' } });
      expect(ns.status).toBe(201);
      await server.request('POST', '/v1/namespaces/s3ns/projects', { body: { slug: 's3p', name: 's3' } });
      const key = (await server.request('POST', '/v1/namespaces/s3ns/projects/s3p/api-keys', { body: { name: 'w', role: 'write' } })).body
        .key;
      const first = await server.request('POST', '/v1/attachments', { key, raw: { type: 'image/png', data: 'png from s3' } });
      expect(first.status).toBe(201);
      expect((await server.request('POST', '/v1/attachments', { key, raw: { type: 'image/png', data: 'png from s3' } })).status).toBe(200);
      const part = await server.request('GET', `/v1/attachments/${first.body.id}`, { key, headers: { range: 'bytes=4-7' } });
      expect(part.status).toBe(206);
      expect(part.text).toBe('from');
    } finally {
      await server?.close();
    }
  });
});
