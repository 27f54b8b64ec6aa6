import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

let now = Date.UTC(2026, 11, 1, 12, 0, 0);
const clock: Clock = { ms: () => now };
const queries: string[] = [];
const server = useServer({ clock, onQuery: (sql) => queries.push(sql) });
let a: ProjectKeys;
let b: ProjectKeys;
let image: string;
let audio: string;

const upload = async (key: string, type: string, data: string) =>
  (await server.request('POST', '/v1/attachments?filename=f', { key, raw: { type, data } })).body.id as string;
const newDataset = async (name: string) =>
  (await server.request('POST', '/v1/datasets', { key: a.write, body: { name } })).body.id as string;
const commit = (dataset: string, body: unknown) => server.request('POST', `/v1/datasets/${dataset}/versions`, { key: a.write, body });
const page = async (dataset: string, query = '') =>
  (await server.request('GET', `/v1/datasets/${dataset}/datapoints${query}`, { key: a.read })).body;

beforeAll(async () => {
  a = await server.project('dpa-a');
  b = await server.project('dpa-b');
  image = await upload(a.write, 'image/png', 'png bytes');
  audio = await upload(a.write, 'audio/wav', 'wav bytes');
});

describe(`datapoint attachments (${DIALECT})`, () => {
  it('commits attachment references and reads them back as signed links that work without a key', async () => {
    const ds = await newDataset('with-files');
    expect((await commit(ds, { add: [{ input: 'describe', attachments: { image, audio } }] })).status).toBe(201);
    const [d] = (await page(ds)).data;
    expect(d.attachments.image).toMatchObject({ id: image, mime_type: 'image/png', size: 9, filename: 'f' });
    expect(d.attachments.audio).toMatchObject({ id: audio, mime_type: 'audio/wav' });
    const url: string = d.attachments.image.url;
    expect(url.startsWith(`/v1/attachments/${image}/content?`)).toBe(true);
    const got = await server.request('GET', url, { key: null });
    expect(got.status).toBe(200);
    expect(got.text).toBe('png bytes');
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    const single = await server.request('GET', `/v1/datasets/${ds}/datapoints/${d.id}`, { key: a.read });
    expect(single.body.attachments.image.url).toBe(url);
    // A datapoint without attachments reads {}.
    await commit(ds, { add: [{ input: 'plain' }] });
    expect((await page(ds)).data[1].attachments).toEqual({});
  });

  it('lets a value inside the content point at one of its attachments (attachment://name), and refuses one that dangles', async () => {
    const ds = await newDataset('chat-with-image');
    const part = (name: string) => ({ type: 'image_url', image_url: { url: `attachment://${name}` } });
    const chat = (name: string) => ({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, part(name)] }] });
    expect((await commit(ds, { add: [{ input: chat('image'), attachments: { image } }] })).status).toBe(201);
    const [d] = (await page(ds)).data;
    expect(d.input.messages[0].content[1].image_url.url).toBe('attachment://image');
    expect(d.attachments.image.id).toBe(image);

    // A reference to a name the datapoint lacks is 422, in whichever field, and nothing is committed.
    const dangling = await commit(ds, {
      base_version: 1,
      add: [{ input: 'fine' }, { input: chat('image'), attachments: { audio } }],
    });
    expect(dangling.status).toBe(422);
    expect(dangling.body.detail).toMatch(
      /^body\/add\/1\/input points at attachment:\/\/image, but the datapoint has no attachment named "image"/,
    );
    const inMetadata = await commit(ds, { base_version: 1, update: [{ id: d.id, metadata: { figure: 'attachment://plot' } }] });
    expect(inMetadata.status).toBe(422);
    expect(inMetadata.body.errors?.[0]?.field ?? inMetadata.body.detail).toMatch(/metadata/);
    expect((await server.request('GET', `/v1/datasets/${ds}`, { key: a.read })).body.head_version).toBe(1);
  });

  it('answers 403 to an altered or expired link', async () => {
    const ds = await newDataset('links');
    await commit(ds, { add: [{ attachments: { image } }] });
    const url: string = (await page(ds)).data[0].attachments.image.url;
    const params = new URL(url, 'http://x').searchParams;
    const altered = [
      url.replace(`signature=${params.get('signature')}`, `signature=${'A'.repeat(43)}`),
      url.replace(`expires=${params.get('expires')}`, `expires=${Number(params.get('expires')) + 600}`),
      url.replace(`project=${params.get('project')}`, `project=${b.projectId}`),
      url.replace(image, audio),
    ];
    for (const link of altered) expect((await server.request('GET', link, { key: null })).status, link).toBe(403);
    expect((await server.request('GET', url, { key: null })).status).toBe(200);
    now += 2 * 3600 * 1000;
    try {
      expect((await server.request('GET', url, { key: null })).status).toBe(403);
      // A fresh read gives a fresh link.
      const fresh: string = (await page(ds)).data[0].attachments.image.url;
      expect((await server.request('GET', fresh, { key: null })).status).toBe(200);
    } finally {
      now -= 2 * 3600 * 1000;
    }
  });

  it("refuses an unknown or another project's attachment with 422, committing nothing", async () => {
    const ds = await newDataset('refused');
    await commit(ds, { add: [{ input: 'first' }] });
    const theirs = await upload(b.write, 'text/plain', 'only b uploaded these bytes');
    const unknown = `sha256:${'1'.repeat(64)}`;
    for (const id of [unknown, theirs]) {
      const res = await commit(ds, { add: [{ input: 'ok' }, { input: 'bad', attachments: { file: id } }] });
      expect(res.status).toBe(422);
      expect(res.body.errors[0].field).toBe('body/add/1/attachments/file');
    }
    const first = (await page(ds)).data[0];
    const update = await commit(ds, { update: [{ id: first.id, attachments: { file: theirs } }] });
    expect(update.status).toBe(422);
    expect((await server.request('GET', `/v1/datasets/${ds}`, { key: a.read })).body).toMatchObject({
      head_version: 1,
      datapoint_count: 1,
    });
    const badShape = await commit(ds, { add: [{ attachments: { file: 'not-an-id' } }] });
    expect(badShape.status).toBe(422);
  });

  it('diffs, restores and exports attachments like any other field', async () => {
    const ds = await newDataset('history');
    await commit(ds, { add: [{ input: 'q', attachments: { image } }] });
    const [d] = (await page(ds)).data;
    await commit(ds, { update: [{ id: d.id, attachments: { image: audio } }] });
    const diff = (await server.request('GET', `/v1/datasets/${ds}/diff?from=1&to=2`, { key: a.read })).body;
    expect(diff.data[0].change).toBe('changed');
    expect(diff.data[0].before.attachments.image.id).toBe(image);
    expect(diff.data[0].after.attachments.image).toMatchObject({ id: audio, mime_type: 'audio/wav' });
    expect((await page(ds, '?version=1')).data[0].attachments.image.id).toBe(image);
    const history = (await server.request('GET', `/v1/datasets/${ds}/datapoints/${d.id}/history`, { key: a.read })).body;
    expect(history.data.map((s: any) => s.datapoint.attachments.image.id)).toEqual([audio, image]);
    expect((await server.request('POST', `/v1/datasets/${ds}/restore`, { key: a.write, body: { version: 1 } })).status).toBe(201);
    expect((await page(ds)).data[0].attachments.image.id).toBe(image);
    const exported = await server.request('GET', `/v1/datasets/${ds}/export?format=jsonl`, { key: a.read });
    expect(JSON.parse(exported.text.trim()).attachments).toEqual({ image });
    // The export imports back as it was.
    const copy = await newDataset('history-copy');
    const imported = await server.request('POST', `/v1/datasets/${copy}/imports`, {
      key: a.write,
      raw: { type: 'application/x-ndjson', data: exported.text },
    });
    expect(imported.status).toBe(201);
    expect((await page(copy)).data[0].attachments.image.id).toBe(image);
  });

  it('signs a page of links with one attachment lookup, however many datapoints it holds', async () => {
    const ds = await newDataset('many');
    await commit(ds, { add: Array.from({ length: 50 }, (_, i) => ({ input: i, attachments: { image, other: audio } })) });
    queries.length = 0;
    const listed = await page(ds, '?limit=50');
    expect(listed.data).toHaveLength(50);
    expect(listed.data.every((d: any) => d.attachments.other.id === audio)).toBe(true);
    expect(queries.filter((q) => /from "attachments"/.test(q))).toHaveLength(1);
  });
});
