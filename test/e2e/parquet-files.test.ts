import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { hfParquet, png, readHfParquet, wav, type MediaRow } from '../helpers/hf-media.js';

/**
 * Hugging Face `Image` / `Audio` columns through /v1: a Parquet file as `datasets`
 * writes it imports as datapoints with attachments, and exports back as the same
 * columns of files, with the features `datasets` reads.
 */

const server = useServer({ attachmentMaxBytes: 4096 });
let p: ProjectKeys;
const PARQUET = 'application/vnd.apache.parquet';

const ROWS: MediaRow[] = [
  { text: 'a cat', label: 0, image: { bytes: png(10), path: 'cat.png' }, audio: { bytes: wav(0), path: 'meow.wav' } },
  { text: 'a dog', label: 1, image: { bytes: png(200, 3), path: 'dog.png' }, audio: null },
  { text: 'silence', label: 2, image: null, audio: { bytes: wav(7), path: null } },
];

beforeAll(async () => {
  p = await server.project('parquet-files');
});

let n = 0;
const newDataset = async () =>
  (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: `files${++n}` } })).body.id as string;
const importParquet = (id: string, data: Uint8Array, query = '') =>
  server.request('POST', `/v1/datasets/${id}/imports${query}`, { key: p.write, raw: { type: PARQUET, data } });
const datapoints = async (id: string) =>
  (await server.request('GET', `/v1/datasets/${id}/datapoints?limit=100`, { key: p.read })).body.data as any[];

async function exported(id: string): Promise<Uint8Array> {
  const res = await fetch(`${server.url}/v1/datasets/${id}/export?format=parquet`, { headers: { authorization: `Bearer ${p.read}` } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

async function bytesAt(url: string): Promise<Buffer> {
  const res = await fetch(server.url + url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** The file cells of rows read back, as comparable values (a null struct reads as undefined). */
const filesOf = (rows: Record<string, any>[]) =>
  rows.map((r) => ['image', 'audio'].map((c) => (r[c] ? [Buffer.from(r[c].bytes), r[c].path] : null)));
const sentFiles = ROWS.map((r) => [r.image && [r.image.bytes, r.image.path], r.audio && [r.audio.bytes, r.audio.path]]);

describe(`Parquet Image / Audio columns over /v1 (${DIALECT})`, () => {
  it('imports each file as an attachment named by its column, served back byte for byte', async () => {
    const id = await newDataset();
    const res = await importParquet(id, hfParquet(ROWS));
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ rows: 3, added: 3 });
    const rows = await datapoints(id);
    expect(rows.map((d) => d.metadata)).toEqual(ROWS.map(({ text, label }) => ({ text, label })));
    expect(rows.map((d) => Object.keys(d.attachments).sort())).toEqual([['audio', 'image'], ['image'], ['audio']]);
    expect(rows[0].attachments.image).toMatchObject({ mime_type: 'image/png', size: ROWS[0].image!.bytes.length, filename: 'cat.png' });
    expect(rows[0].attachments.audio).toMatchObject({ mime_type: 'audio/wav', filename: 'meow.wav' });
    expect(rows[2].attachments.audio).toMatchObject({ mime_type: 'audio/wav', filename: null });
    expect(await bytesAt(rows[0].attachments.image.url)).toEqual(ROWS[0].image!.bytes);
    expect(await bytesAt(rows[1].attachments.image.url)).toEqual(ROWS[1].image!.bytes);
    expect(await bytesAt(rows[2].attachments.audio.url)).toEqual(ROWS[2].audio!.bytes);

    // The same bytes imported again are the same attachments, stored once.
    const again = await newDataset();
    expect((await importParquet(again, hfParquet(ROWS))).status).toBe(201);
    const ids = (rows: any[]) => rows.map((d) => Object.values(d.attachments).map((a: any) => a.id));
    expect(ids(await datapoints(again))).toEqual(ids(rows));
  });

  it('exports the attachments back as Image and Audio columns: the same bytes and paths, with the features', async () => {
    const id = await newDataset();
    expect((await importParquet(id, hfParquet(ROWS))).status).toBe(201);
    const { rows, features } = await readHfParquet(await exported(id));
    expect(features).toEqual({ image: { _type: 'Image' }, audio: { _type: 'Audio' } });
    expect(filesOf(rows)).toEqual(sentFiles);
    expect(rows.map((r) => r.metadata)).toEqual(ROWS.map(({ text, label }) => ({ text, label })));
    expect(rows[0]).not.toHaveProperty('attachments');

    // And that export imports again into the same datapoints.
    const copy = await newDataset();
    expect((await importParquet(copy, await exported(id))).status).toBe(201);
    const strip = (d: any) => [d.metadata, Object.fromEntries(Object.entries(d.attachments).map(([k, a]: [string, any]) => [k, a.id]))];
    expect((await datapoints(copy)).map(strip)).toEqual((await datapoints(id)).map(strip));
  });

  it('writes attachments of other types as plain {bytes, path} columns, and one named like a field apart from it', async () => {
    const pdf = (
      await server.request('POST', '/v1/attachments?filename=doc.pdf', { key: p.write, raw: { type: 'application/pdf', data: '%PDF-1.4' } })
    ).body.id;
    const text = (await server.request('POST', '/v1/attachments', { key: p.write, raw: { type: 'text/plain', data: 'notes' } })).body.id;
    const id = await newDataset();
    const add = [{ input: 'q', attachments: { input: pdf, notes: text } }];
    expect((await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add } })).status).toBe(201);
    const { rows, features } = await readHfParquet(await exported(id));
    expect(features).toEqual({ 'attachments.input': { _type: 'Pdf' } });
    expect(rows[0].input).toBe('q');
    expect([Buffer.from(rows[0]['attachments.input'].bytes).toString(), rows[0]['attachments.input'].path]).toEqual([
      '%PDF-1.4',
      'doc.pdf',
    ]);
    expect([Buffer.from(rows[0].notes.bytes).toString(), rows[0].notes.path]).toEqual(['notes', null]);
    const copy = await newDataset();
    expect((await importParquet(copy, await exported(id))).status).toBe(201);
    const [back] = await datapoints(copy);
    expect([back.input, back.attachments.input.id, back.attachments.notes.id]).toEqual(['q', pdf, text]);
  });

  it('refuses a file cell that names a path without its bytes, keeping nothing', async () => {
    const id = await newDataset();
    const rows: MediaRow[] = [{ ...ROWS[0] }, { text: 'x', label: 1, image: { bytes: null as never, path: 'elsewhere.png' }, audio: null }];
    const res = await importParquet(id, hfParquet(rows));
    expect(res.status).toBe(422);
    expect(res.body.detail).toContain('row 2, column "image"');
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body.head_version).toBe(0);
  });

  it('holds each file to the attachment size limit, naming its row and column', async () => {
    const id = await newDataset();
    const large = { bytes: new Uint8Array(5000), path: 'large.bin' };
    const res = await importParquet(id, hfParquet([ROWS[0], { text: 'big', label: 1, image: null, audio: large }]));
    expect(res.status).toBe(413);
    expect(res.body.detail).toBe('row 2, column "audio": an attachment may be at most 4096 bytes (DATASHELF_ATTACHMENT_MAX_BYTES)');
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body.head_version).toBe(0);
  });
});
