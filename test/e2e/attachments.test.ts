import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemBlobs } from '../../src/store/blobs/filesystem.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-attachments-'));
const MAX = 4096;
const server = useServer({ blobs: new FilesystemBlobs(blobDir), attachmentMaxBytes: MAX });
let a: ProjectKeys;
let b: ProjectKeys;

beforeAll(async () => {
  a = await server.project('att-a');
  b = await server.project('att-b');
});
afterAll(() => fs.rmSync(blobDir, { recursive: true, force: true }));

const hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** Blob files stored, and files still being written. */
const files = (sub: string) => (fs.existsSync(path.join(blobDir, sub)) ? fs.readdirSync(path.join(blobDir, sub), { recursive: true }) : []);
const stored = () => files('sha256').filter((f) => /[0-9a-f]{64}$/.test(String(f))).length;

const upload = (key: string, type: string, data: Uint8Array | string, query = '') =>
  server.request('POST', `/v1/attachments${query}`, { key, raw: { type, data } });

/** A body sent as it is made, without Content-Length (chunked). */
async function uploadChunked(key: string, type: string, chunks: Uint8Array[]) {
  const body = new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
  const res = await fetch(`${server.url}/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': type },
    body,
    duplex: 'half',
  });
  return { status: res.status, body: await res.json() };
}

describe(`attachments (${DIALECT})`, () => {
  it('stores bytes under their SHA-256 and serves them back with their type, length and ETag', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5, 6]);
    const res = await upload(a.write, 'image/png', png, '?filename=cat.png');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: `sha256:${hex(png)}`, sha256: hex(png), size: 10, mime_type: 'image/png', filename: 'cat.png' });
    const got = await fetch(`${server.url}/v1/attachments/${res.body.id}`, { headers: { authorization: `Bearer ${a.read}` } });
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(png);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-length')).toBe('10');
    expect(got.headers.get('etag')).toBe(`"${hex(png)}"`);
    expect(got.headers.get('content-disposition')).toBe(`inline; filename="cat.png"; filename*=UTF-8''cat.png`);
    const again = await server.request('GET', `/v1/attachments/${res.body.id}`, {
      key: a.read,
      headers: { 'if-none-match': `"${hex(png)}"` },
    });
    expect(again.status).toBe(304);
  });

  it('answers the same id for the same bytes, without a second copy, and keeps the first record', async () => {
    const data = 'the same bytes, twice';
    const first = await upload(a.write, 'text/plain', data, '?filename=one.txt');
    const before = stored();
    const second = await upload(a.write, 'text/plain', data, '?filename=two.txt');
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(stored()).toBe(before);
  });

  it("keeps projects apart: another project's id is 404 even for identical bytes, and the blob is stored once", async () => {
    const data = 'private to a, then uploaded by b';
    const mine = await upload(a.write, 'application/octet-stream', data);
    const id = mine.body.id;
    expect((await server.request('GET', `/v1/attachments/${id}`, { key: b.read })).status).toBe(404);
    expect((await server.request('HEAD', `/v1/attachments/${id}`, { key: b.read })).status).toBe(404);
    const before = stored();
    const theirs = await upload(b.write, 'application/x-other', data);
    expect(theirs.status).toBe(201);
    expect(theirs.body).toMatchObject({ id, mime_type: 'application/x-other' });
    expect(stored()).toBe(before);
    // Each project sees its own record of the shared bytes.
    const asA = await server.request('GET', `/v1/attachments/${id}`, { key: a.read });
    expect(asA.headers.get('content-type')).toBe('application/octet-stream');
    const unknown = `sha256:${'0'.repeat(64)}`;
    expect((await server.request('GET', `/v1/attachments/${unknown}`, { key: a.read })).status).toBe(404);
    expect((await server.request('GET', '/v1/attachments/not-an-id', { key: a.read })).status).toBe(422);
  });

  it('serves one byte range as 206, a range past the end as 416, and HEAD as headers alone', async () => {
    const data = '0123456789';
    const { id } = (await upload(a.write, 'text/plain; charset=utf-8', data)).body;
    const part = (range: string) => server.request('GET', `/v1/attachments/${id}`, { key: a.read, headers: { range } });
    const middle = await part('bytes=2-5');
    expect(middle.status).toBe(206);
    expect(middle.text).toBe('2345');
    expect(middle.headers.get('content-range')).toBe('bytes 2-5/10');
    expect(middle.headers.get('content-length')).toBe('4');
    expect((await part('bytes=-3')).text).toBe('789');
    expect((await part('bytes=7-')).text).toBe('789');
    expect((await part('bytes=8-100')).text).toBe('89');
    const past = await part('bytes=10-');
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */10');
    expect((await part('items=1-2')).status).toBe(200);
    const stale = await server.request('GET', `/v1/attachments/${id}`, {
      key: a.read,
      headers: { range: 'bytes=0-1', 'if-range': '"other"' },
    });
    expect(stale.status).toBe(200);
    expect(stale.text).toBe(data);

    const head = await server.request('HEAD', `/v1/attachments/${id}`, { key: a.read });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    expect(head.headers.get('content-length')).toBe('10');
    expect(head.headers.get('etag')).toBe(`"${hex(Buffer.from(data))}"`);
    const headPart = await server.request('HEAD', `/v1/attachments/${id}`, { key: a.read, headers: { range: 'bytes=0-3' } });
    expect(headPart.status).toBe(206);
    expect(headPart.headers.get('content-length')).toBe('4');
  });

  it('refuses a body over the limit, declared or streamed, and a missing or malformed Content-Type, storing nothing', async () => {
    const before = stored();
    const big = new Uint8Array(MAX + 1).fill(7);
    const declared = await upload(a.write, 'application/octet-stream', big);
    expect(declared.status).toBe(413);
    expect(declared.body.code).toBe('payload_too_large');
    const streamed = await uploadChunked(a.write, 'application/octet-stream', [big.slice(0, 3000), big.slice(3000)]);
    expect(streamed.status).toBe(413);
    const exact = await uploadChunked(a.write, 'application/octet-stream', [new Uint8Array(MAX).fill(9)]);
    expect(exact.status).toBe(201);
    expect(stored()).toBe(before + 1);
    for (const type of ['', 'png', 'image/', 'image/png; charset']) {
      const res = await fetch(`${server.url}/v1/attachments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${a.write}`, ...(type && { 'content-type': type }) },
        body: new Uint8Array([1]),
      });
      expect(res.status, type).toBe(415);
    }
    const compressed = await server.request('POST', '/v1/attachments', {
      key: a.write,
      raw: { type: 'text/plain', data: 'x' },
      headers: { 'content-encoding': 'gzip' },
    });
    expect(compressed.status).toBe(415);
    expect(stored()).toBe(before + 1);
    expect(files('tmp')).toEqual([]);
    expect((await upload(a.read, 'text/plain', 'read keys do not upload')).status).toBe(403);
  });

  it('keeps a JSON body as bytes, not as parsed JSON', async () => {
    const text = '{"b": 1,   "a": [1,2]}';
    const { id } = (await upload(a.write, 'application/json', text)).body;
    const got = await server.request('GET', `/v1/attachments/${id}`, { key: a.read });
    expect(got.text).toBe(text);
  });

  it('sends nosniff and a sandbox with every file, and shows in place only raster images, audio, video and PDF', async () => {
    const disposition: Record<string, string> = {
      'image/jpeg': 'inline',
      'audio/mpeg': 'inline',
      'video/mp4': 'inline',
      'application/pdf': 'inline',
      'image/svg+xml': 'attachment',
      'text/html': 'attachment',
      'application/xhtml+xml': 'attachment',
      'text/plain': 'attachment',
    };
    for (const [type, expected] of Object.entries(disposition)) {
      const { id } = (await upload(a.write, type, `a file of ${type}`)).body;
      const got = await server.request('GET', `/v1/attachments/${id}`, { key: a.read });
      expect(got.headers.get('content-disposition'), type).toBe(expected);
      expect(got.headers.get('x-content-type-options')).toBe('nosniff');
      expect(got.headers.get('content-security-policy')).toContain('sandbox');
      expect(got.headers.get('content-security-policy')).toContain("default-src 'none'");
    }
  });
});
