import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemBlobs } from '../../src/store/blobs/filesystem.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const QUOTA = 1000;
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-quotas-'));
const server = useServer({ blobs: new FilesystemBlobs(blobDir), attachmentQuotaBytes: QUOTA });
let a: ProjectKeys;
let b: ProjectKeys;

beforeAll(async () => {
  a = await server.project('quota-a');
  b = await server.project('quota-b');
});
afterAll(() => fs.rmSync(blobDir, { recursive: true, force: true }));

const hex = (data: string) => createHash('sha256').update(data).digest('hex');
const upload = (key: string, data: string) =>
  server.request('POST', '/v1/attachments', { key, raw: { type: 'application/octet-stream', data } });

/** A body sent without Content-Length, so its size is known only once it is read. */
const uploadChunked = (key: string, data: string) =>
  fetch(`${server.url}/v1/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
    body: new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(data));
        controller.close();
      },
    }),
    duplex: 'half',
  });

describe(`attachment quotas per project (${DIALECT})`, () => {
  it('refuses bytes past the quota with 413 and stores nothing, counts each file once, and charges each project apart', async () => {
    const first = 'a'.repeat(600);
    expect((await upload(a.write, first)).status).toBe(201);
    // The same bytes again cost nothing: the project already holds them.
    expect((await upload(a.write, first)).status).toBe(200);

    const second = 'b'.repeat(600);
    const refused = await upload(a.write, second);
    expect(refused.status).toBe(413);
    expect(refused.body.detail).toMatch(/quota of 1000 \(DATASHELF_ATTACHMENT_QUOTA_BYTES\); 600 are held/);
    expect((await server.request('GET', `/v1/attachments/sha256:${hex(second)}`, { key: a.read })).status).toBe(404);

    // Sent chunked, the size is known at the end: still refused, still not held.
    const chunked = await uploadChunked(a.write, 'c'.repeat(600));
    expect(chunked.status).toBe(413);
    expect((await server.request('GET', `/v1/attachments/sha256:${hex('c'.repeat(600))}`, { key: a.read })).status).toBe(404);

    // What fits still goes in; another project has a quota of its own.
    expect((await upload(a.write, 'd'.repeat(400))).status).toBe(201);
    expect((await upload(b.write, second)).status).toBe(201);
  });

  it('checks a multipart upload at completion: 413, and the parts stay to be given up', async () => {
    const upload = (await server.request('POST', '/v1/attachments/uploads', { key: b.write, body: { mime_type: 'video/mp4' } })).body;
    const whole = 'e'.repeat(500);
    const part = await server.request('PUT', `/v1/attachments/uploads/${upload.id}/parts/1`, {
      key: b.write,
      raw: { type: 'application/octet-stream', data: whole },
    });
    expect(part.status).toBe(200);
    const done = await server.request('POST', `/v1/attachments/uploads/${upload.id}/complete`, {
      key: b.write,
      body: { sha256: hex(whole) },
    });
    expect(done.status).toBe(413);
    expect((await server.request('GET', `/v1/attachments/sha256:${hex(whole)}`, { key: b.read })).status).toBe(404);
    expect((await server.request('DELETE', `/v1/attachments/uploads/${upload.id}`, { key: b.write })).status).toBe(204);
  });
});
