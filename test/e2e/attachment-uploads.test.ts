import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { FilesystemBlobs } from '../../src/store/blobs/filesystem.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const DAY = 24 * 60 * 60 * 1000;
let now = Date.now();
const clock: Clock = { ms: () => now };
const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-uploads-'));
const server = useServer({ clock, blobs: new FilesystemBlobs(blobDir), attachmentMaxBytes: 1024 });
let a: ProjectKeys;
let b: ProjectKeys;

beforeAll(async () => {
  a = await server.project('up-a');
  b = await server.project('up-b');
});
afterAll(() => fs.rmSync(blobDir, { recursive: true, force: true }));

const hex = (data: string) => createHash('sha256').update(data).digest('hex');
const blobExists = (sha: string) => fs.existsSync(path.join(blobDir, 'sha256', sha.slice(0, 2), sha));
const start = async (key = a.write) =>
  (await server.request('POST', '/v1/attachments/uploads', { key, body: { mime_type: 'video/mp4', filename: 'ep.mp4' } })).body;
const part = (id: string, n: number, data: string, key = a.write) =>
  server.request('PUT', `/v1/attachments/uploads/${id}/parts/${n}`, { key, raw: { type: 'application/octet-stream', data } });
const complete = (id: string, sha256: string, key = a.write) =>
  server.request('POST', `/v1/attachments/uploads/${id}/complete`, { key, body: { sha256 } });

describe(`multipart uploads (${DIALECT})`, () => {
  it('joins numbered parts, sent in any order and retried, into one attachment checked by its SHA-256', async () => {
    const upload = await start();
    expect(upload).toMatchObject({ mime_type: 'video/mp4', filename: 'ep.mp4', parts: [] });
    expect((await part(upload.id, 2, 'second-')).body).toMatchObject({ part: 2, size: 7, sha256: hex('second-') });
    expect((await part(upload.id, 1, 'garbled')).status).toBe(200);
    expect((await part(upload.id, 1, 'first-')).status).toBe(200);
    expect((await server.request('GET', `/v1/attachments/uploads/${upload.id}`, { key: a.read })).body.parts).toEqual([
      { part: 1, size: 6 },
      { part: 2, size: 7 },
    ]);
    // A part still missing, or a SHA-256 the parts do not make, is 422 and the parts stay.
    expect((await complete(upload.id, hex('first-second-third'))).status).toBe(422);
    await part(upload.id, 3, 'third');
    const whole = 'first-second-third';
    const done = await complete(upload.id, hex(whole));
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ id: `sha256:${hex(whole)}`, size: whole.length, mime_type: 'video/mp4', filename: 'ep.mp4' });
    expect((await server.request('GET', `/v1/attachments/${done.body.id}`, { key: a.read })).text).toBe(whole);
    expect((await server.request('GET', `/v1/attachments/uploads/${upload.id}`, { key: a.read })).status).toBe(404);
    expect(fs.readdirSync(path.join(blobDir, 'tmp'))).toEqual([]);
  });

  it('keeps uploads to their project, bounds the whole by the size limit, and forgets one given up', async () => {
    const upload = await start();
    expect((await part(upload.id, 1, 'x', b.write)).status).toBe(404);
    expect((await server.request('GET', `/v1/attachments/uploads/${upload.id}`, { key: b.read })).status).toBe(404);
    expect((await part(upload.id, 1, 'y'.repeat(1025))).status).toBe(413);
    await part(upload.id, 1, 'y'.repeat(600));
    await part(upload.id, 2, 'y'.repeat(600));
    expect((await complete(upload.id, hex('y'.repeat(1200)))).status).toBe(413);
    expect((await server.request('DELETE', `/v1/attachments/uploads/${upload.id}`, { key: a.write })).status).toBe(204);
    expect((await part(upload.id, 1, 'z')).status).toBe(404);
    expect(fs.readdirSync(path.join(blobDir, 'tmp'))).toEqual([]);
    const bad = await server.request('POST', '/v1/attachments/uploads', { key: a.write, body: { mime_type: 'not a type' } });
    expect(bad.status).toBe(415);
  });
});

describe(`attachment collection (${DIALECT})`, () => {
  it('keeps what a live or restorable dataset names and what is within the grace period; collects the rest', async () => {
    const up = async (data: string) =>
      (await server.request('POST', '/v1/attachments', { key: a.write, raw: { type: 'text/plain', data } })).body.id as string;
    const named = await up('named by a datapoint');
    const replaced = await up('named only by version 1');
    const loose = await up('named by nothing');
    const ofDeleted = await up('named by a deleted dataset');
    const ds = (await server.request('POST', '/v1/datasets', { key: a.write, body: { name: 'gc' } })).body.id;
    await server.request('POST', `/v1/datasets/${ds}/versions`, { key: a.write, body: { add: [{ attachments: { f: replaced } }] } });
    const [d] = (await server.request('GET', `/v1/datasets/${ds}/datapoints`, { key: a.read })).body.data;
    await server.request('POST', `/v1/datasets/${ds}/versions`, {
      key: a.write,
      body: { update: [{ id: d.id, attachments: { f: named } }] },
    });
    const gone = (await server.request('POST', '/v1/datasets', { key: a.write, body: { name: 'gc-deleted' } })).body.id;
    await server.request('POST', `/v1/datasets/${gone}/versions`, { key: a.write, body: { add: [{ attachments: { f: ofDeleted } }] } });
    await server.request('DELETE', `/v1/datasets/${gone}`, { key: a.write });
    // The same bytes stay while another project's dataset names them, though this project's record goes.
    const shared = await up('held by b too');
    await server.request('POST', '/v1/attachments', { key: b.write, raw: { type: 'text/plain', data: 'held by b too' } });
    const bs = (await server.request('POST', '/v1/datasets', { key: b.write, body: { name: 'b-gc' } })).body.id;
    await server.request('POST', `/v1/datasets/${bs}/versions`, { key: b.write, body: { add: [{ attachments: { f: shared } }] } });

    // Within the grace period nothing goes.
    expect(await server.services.attachmentCollector.collect()).toEqual({ attachments: 0, blobs: 0 });
    now += 2 * DAY;
    const first = await server.services.attachmentCollector.collect();
    expect(first.attachments).toBeGreaterThanOrEqual(2);
    const status = async (id: string) => (await server.request('GET', `/v1/attachments/${id}`, { key: a.read })).status;
    expect(await status(named)).toBe(200);
    expect(await status(replaced)).toBe(200);
    expect(await status(ofDeleted)).toBe(200);
    expect(await status(loose)).toBe(404);
    expect(await status(shared)).toBe(404);
    expect(blobExists(loose.slice(7))).toBe(false);
    expect(blobExists(shared.slice(7))).toBe(true);
    expect((await server.request('GET', `/v1/attachments/${shared}`, { key: b.read })).text).toBe('held by b too');

    // Past the undelete window the deleted dataset no longer holds its attachment.
    now += 31 * DAY;
    await server.services.attachmentCollector.collect();
    expect(await status(ofDeleted)).toBe(404);
    expect(blobExists(ofDeleted.slice(7))).toBe(false);
    expect(await status(named)).toBe(200);
    expect(blobExists(named.slice(7))).toBe(true);
  });
});
