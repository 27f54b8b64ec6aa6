import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConnectionError, Datashelf, DatashelfError, collect, type AttachmentDownload } from '@datashelf/client';
import { useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();

async function client(options: { fetch?: typeof fetch } = {}) {
  const { write } = await server.project();
  return new Datashelf({ url: server.url, key: write, ...options });
}

const bytesOf = async (download: AttachmentDownload) => Buffer.from(await new Response(download.body).arrayBuffer());
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const streamOf = (bytes: Buffer, chunk = 1000) =>
  Readable.toWeb(
    Readable.from(Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk))),
  ) as ReadableStream<Uint8Array>;

/** The upload routes a client called, in order, as `METHOD path` with the upload's id left out. */
function recording(calls: string[], fail?: (method: string, url: string) => boolean): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    const call = `${init?.method ?? 'GET'} ${url.pathname.replace(/uploads\/[0-9a-f-]{36}/, 'uploads/ID')}`;
    calls.push(call);
    if (fail?.(init?.method ?? 'GET', call)) throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    return fetch(input, init);
  };
}

describe(`the TypeScript client's attachments (${DIALECT})`, () => {
  it('uploads a small file in one request, answers the same id for the same bytes, and downloads them whole or in part', async () => {
    const calls: string[] = [];
    const shelf = await client({ fetch: recording(calls) });
    const bytes = randomBytes(50_000);
    const made = await shelf.uploadAttachment(new Blob([bytes], { type: 'image/png' }), { filename: 'cat.png' });
    expect(made).toMatchObject({ id: `sha256:${sha256(bytes)}`, size: 50_000, mime_type: 'image/png', filename: 'cat.png' });
    expect(calls).toEqual(['POST /v1/attachments']);
    const again = await shelf.uploadAttachment(streamOf(bytes), { mimeType: 'image/png' });
    expect(again.id).toBe(made.id);

    const whole = await shelf.downloadAttachment(made.id);
    expect(whole).toMatchObject({ mimeType: 'image/png', size: 50_000, totalSize: 50_000, filename: 'cat.png' });
    expect((await bytesOf(whole)).equals(bytes)).toBe(true);
    const part = await shelf.downloadAttachment(made.id, { start: 100, end: 199 });
    expect(part).toMatchObject({ size: 100, totalSize: 50_000 });
    expect((await bytesOf(part)).equals(bytes.subarray(100, 200))).toBe(true);
    const tail = await shelf.downloadAttachment(made.id, { start: 49_990 });
    expect((await bytesOf(tail)).equals(bytes.subarray(49_990))).toBe(true);
  });

  it('downloads by the signed link a datapoint read gives', async () => {
    const shelf = await client();
    const bytes = Buffer.from('RIFF fake wave');
    const made = await shelf.uploadAttachment(bytes, { mimeType: 'audio/wav', filename: 'a.wav' });
    const dataset = await shelf.datasets.create({ name: 'sounds' });
    await shelf.versions.commit(dataset.id, { add: [{ input: 'listen', attachments: { audio: made.id } }] });
    const [point] = await collect(shelf.datapoints.list(dataset.id));
    const link = point.attachments.audio.url;
    expect((await bytesOf(await shelf.downloadAttachment(link))).equals(bytes)).toBe(true);
    await expect(shelf.downloadAttachment('https://elsewhere.example/x')).rejects.toThrow(/is not on/);
    await expect(shelf.downloadAttachment(`sha256:${'0'.repeat(64)}`)).rejects.toMatchObject({ status: 404 });
  });

  it("commits a version's files and reads them back, each by its signed link", async () => {
    const shelf = await client();
    const made = await shelf.uploadAttachment(Buffer.from('{"fps":30}'), { mimeType: 'application/json' });
    const dataset = await shelf.datasets.create({ name: 'tree' });
    const version = await shelf.versions.commit(dataset.id, { files: { put: [{ path: 'meta/info.json', attachment_id: made.id }] } });
    expect(version).toMatchObject({ version: 1, file_count: 1, files_added: 1 });
    const files = await collect(shelf.files.list(dataset.id, { prefix: 'meta/' }));
    expect(files.map((f) => [f.path, f.attachment_id, f.size])).toEqual([['meta/info.json', made.id, 10]]);
    const one = await shelf.files.get(dataset.id, 'meta/info.json', 1);
    expect((await bytesOf(await shelf.downloadAttachment(one.url))).toString()).toBe('{"fps":30}');
    await expect(shelf.files.get(dataset.id, 'meta/none.json')).rejects.toMatchObject({ status: 404 });
  });

  it('sends a file at or over the threshold in parts, from a file on disk or a stream, and the bytes come back equal', async () => {
    const calls: string[] = [];
    const shelf = await client({ fetch: recording(calls) });
    const bytes = randomBytes(25_000);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-ts-')), 'clip.bin');
    fs.writeFileSync(file, bytes);
    const sent: number[] = [];
    const options = { mimeType: 'video/mp4', filename: 'clip.mp4', multipartThreshold: 10_000, partSize: 10_000 };
    const made = await shelf.uploadAttachment(await fs.openAsBlob(file), { ...options, onProgress: (n) => sent.push(n) });
    expect(made).toMatchObject({ id: `sha256:${sha256(bytes)}`, size: 25_000, mime_type: 'video/mp4', filename: 'clip.mp4' });
    expect(calls).toEqual([
      'POST /v1/attachments/uploads',
      'PUT /v1/attachments/uploads/ID/parts/1',
      'PUT /v1/attachments/uploads/ID/parts/2',
      'PUT /v1/attachments/uploads/ID/parts/3',
      'POST /v1/attachments/uploads/ID/complete',
    ]);
    expect(sent).toEqual([10_000, 20_000, 25_000]);
    expect((await bytesOf(await shelf.downloadAttachment(made.id))).equals(bytes)).toBe(true);

    calls.length = 0;
    const streamed = await shelf.uploadAttachment(streamOf(bytes, 3000), options);
    expect(streamed.id).toBe(made.id);
    expect(calls.filter((c) => c.startsWith('PUT'))).toHaveLength(3);
    calls.length = 0;
    const small = await shelf.uploadAttachment(streamOf(bytes.subarray(0, 9_999), 3000), options);
    expect([small.size, calls]).toEqual([9_999, ['POST /v1/attachments']]);
  });

  it('sends a part again after the connection dropped, and gives the upload up when it keeps failing', async () => {
    const calls: string[] = [];
    let failures = 1;
    const flaky = recording(calls, (method, call) => method === 'PUT' && call.endsWith('/parts/2') && failures-- > 0);
    const shelf = await client({ fetch: flaky });
    const bytes = randomBytes(3000);
    const options = { mimeType: 'application/pdf', multipartThreshold: 1000, partSize: 1000 };
    const made = await shelf.uploadAttachment(bytes, options);
    expect(made.id).toBe(`sha256:${sha256(bytes)}`);
    expect(calls.filter((c) => c.endsWith('/parts/2'))).toHaveLength(2);
    expect((await bytesOf(await shelf.downloadAttachment(made.id))).equals(bytes)).toBe(true);

    calls.length = 0;
    failures = Infinity;
    const other = randomBytes(3000);
    await expect(shelf.uploadAttachment(other, { ...options, partRetries: 1 })).rejects.toBeInstanceOf(ConnectionError);
    expect(calls.filter((c) => c.endsWith('/parts/2'))).toHaveLength(2);
    expect(calls.at(-1)).toBe('DELETE /v1/attachments/uploads/ID');
    await expect(shelf.downloadAttachment(`sha256:${sha256(other)}`)).rejects.toBeInstanceOf(DatashelfError);
  });
});
