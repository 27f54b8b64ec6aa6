import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let id: string;

const get = (path: string) => server.request('GET', path, { key: p.read });
const questions = async (query: string) => {
  const res = await get(`/v1/datasets/${id}/datapoints?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body.data.map((d: any) => d.input.q);
};

beforeAll(async () => {
  p = await server.project('dp-search');
  id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'searchable' } })).body.id;
  const add = [
    { input: { q: 'Where do penguins live?' }, expected_output: 'Antarctica, mostly', tags: ['geo', 'birds'] },
    { input: { q: 'Penguins: penguins and more penguins' }, expected_output: 'penguin facts', tags: ['birds'] },
    { input: { q: 'Capital of France?' }, expected_output: { answer: 'Paris' }, tags: ['geo'], prompt: 'Reply tersely' },
    { input: { q: 'Crème brûlée recipe' }, expected_output: 'sugar, cream', metadata: { kind: 'food' } },
  ];
  const res = await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add } });
  expect(res.status, res.text).toBe(201);
});

describe(`full-text search, tags, samples and filtered diffs (${DIALECT})`, () => {
  it('finds words in input, expected_output and prompt strings, any case, ranked most relevant first', async () => {
    expect(await questions('q=PENGUINS')).toEqual(['Penguins: penguins and more penguins', 'Where do penguins live?']);
    expect(await questions('q=paris')).toEqual(['Capital of France?']);
    expect(await questions('q=tersely')).toEqual(['Capital of France?']);
    expect(await questions(`q=${encodeURIComponent('crème')}`)).toEqual(['Crème brûlée recipe']);
    // Keys of JSON are not text: `answer` is only a key.
    expect(await questions('q=answer')).toEqual([]);
    expect(await questions('q=penguins%20antarctica')).toEqual(['Where do penguins live?']);
    expect(await questions('q=penguin*')).toHaveLength(2);
    expect(await questions('q=penguin')).toEqual(['Penguins: penguins and more penguins']);
  });

  it('pages a ranked search with a cursor and combines it with other filters', async () => {
    const first = await get(`/v1/datasets/${id}/datapoints?q=penguins&limit=1`);
    expect(first.body).toMatchObject({ ranked: true, data: [{ input: { q: 'Penguins: penguins and more penguins' } }] });
    const second = await get(`/v1/datasets/${id}/datapoints?q=penguins&limit=1&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(second.body.data.map((d: any) => d.input.q)).toEqual(['Where do penguins live?']);
    expect(second.body.next_cursor).toBeNull();
    expect(await questions('q=penguins&tag=geo')).toEqual(['Where do penguins live?']);
    // A cursor of an unranked listing is not one of a ranked listing.
    const plain = await get(`/v1/datasets/${id}/datapoints?limit=1`);
    expect((await get(`/v1/datasets/${id}/datapoints?q=penguins&cursor=${encodeURIComponent(plain.body.next_cursor)}`)).status).toBe(400);
  });

  it('refuses a query with no words and a seed without a sample', async () => {
    const empty = await get(`/v1/datasets/${id}/datapoints?q=${encodeURIComponent('?!')}`);
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toContain('no words');
    expect((await get(`/v1/datasets/${id}/datapoints?seed=3`)).status).toBe(400);
  });

  it('keeps datapoints carrying all tags, or any of them', async () => {
    expect(await questions('tag=geo&tag=birds')).toEqual(['Where do penguins live?']);
    expect(await questions('tag=geo&tag=birds&tag_match=any')).toHaveLength(3);
    expect(await questions('tag=birds')).toHaveLength(2);
  });

  it('exports what a search keeps', async () => {
    const res = await get(`/v1/datasets/${id}/export?q=penguins`);
    expect(res.status).toBe(200);
    expect(res.text.trim().split('\n')).toHaveLength(2);
  });

  it('samples reproducibly: the same seed the same datapoints, on later versions too', async () => {
    const big = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'sampled' } })).body.id;
    const add = Array.from({ length: 200 }, (_, i) => ({ input: { i } }));
    await server.request('POST', `/v1/datasets/${big}/versions`, { key: p.write, body: { add } });
    const sample = async (query: string) => {
      const res = await get(`/v1/datasets/${big}/datapoints?limit=100&${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.data.map((d: any) => d.input.i as number);
    };
    const a = await sample('sample=20&seed=7');
    expect(a).toHaveLength(20);
    expect(await sample('sample=20&seed=7')).toEqual(a);
    expect([...a].sort((x, y) => x - y)).toEqual(a); // listed in datapoint order
    const b = await sample('sample=20&seed=8');
    expect(b).not.toEqual(a);
    // Not the first rows: a sample spreads over the dataset.
    expect(Math.max(...a)).toBeGreaterThan(50);
    const paged = await get(`/v1/datasets/${big}/datapoints?limit=15&sample=20&seed=7`);
    const rest = await get(`/v1/datasets/${big}/datapoints?limit=15&sample=20&seed=7&cursor=${encodeURIComponent(paged.body.next_cursor)}`);
    expect([...paged.body.data, ...rest.body.data].map((d: any) => d.input.i)).toEqual(a);
    // Another version keeps the sampled datapoints that are still there.
    await server.request('POST', `/v1/datasets/${big}/versions`, { key: p.write, body: { add: [{ input: { i: 999 } }] } });
    const later = await sample('sample=20&seed=7');
    expect(later.filter((i: number) => i !== 999).length).toBeGreaterThanOrEqual(19);
    expect(later.filter((i: number) => a.includes(i)).length).toBeGreaterThanOrEqual(19);
    // With a filter, the sample is drawn from what the filter keeps.
    const filtered = await sample(
      `sample=5&seed=1&filters=${encodeURIComponent(JSON.stringify([{ key: 'input.i', operator: 'less_than', value: 10 }]))}`,
    );
    expect(filtered).toHaveLength(5);
    expect(filtered.every((i: number) => i < 10)).toBe(true);
  });

  it('diffs only the datapoints a filter keeps on either side', async () => {
    const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'diffed' } })).body.id;
    await server.request('POST', `/v1/datasets/${ds}/versions`, {
      key: p.write,
      body: { add: [{ input: { q: 'alpha' }, tags: ['keep'] }, { input: { q: 'beta' } }] },
    });
    const [alpha, beta] = (await get(`/v1/datasets/${ds}/datapoints`)).body.data.map((d: any) => d.id);
    const update = [
      { id: alpha, input: { q: 'alpha two' }, tags: ['keep'] },
      { id: beta, input: { q: 'beta two' } },
    ];
    expect((await server.request('POST', `/v1/datasets/${ds}/versions`, { key: p.write, body: { update } })).status).toBe(201);
    const changes = async (query: string) => {
      const res = await get(`/v1/datasets/${ds}/diff?from=1&to=2&${query}`);
      expect(res.status, res.text).toBe(200);
      return res.body.data.map((c: any) => c.after.input.q);
    };
    expect(await changes('')).toHaveLength(2);
    expect(await changes('tag=keep')).toEqual(['alpha two']);
    expect(await changes('q=beta')).toEqual(['beta two']);
    expect(await changes(`filters=${encodeURIComponent(JSON.stringify([{ key: 'input.q', operator: 'equals', value: 'beta' }]))}`)).toEqual(
      ['beta two'],
    );
    expect((await get(`/v1/datasets/${ds}/diff?from=1&to=2&sample=1`)).status).toBe(422);
  });

  it('serves a metadata equality the same whether few or many datapoints match', async () => {
    const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'meta-heavy' } })).body.id;
    const lines = Array.from({ length: 6001 }, (_, i) =>
      JSON.stringify({ input: { i, t: `every row says this ${i}` }, metadata: { level: i === 4321 ? 'rare one' : 'common', n: i % 3 } }),
    );
    const imported = await server.request('POST', `/v1/datasets/${ds}/imports`, {
      key: p.write,
      raw: { type: 'application/x-ndjson', data: lines.join('\n') },
    });
    expect(imported.status, imported.text).toBe(201);
    const page = async (filters: unknown[]) => {
      const res = await get(`/v1/datasets/${ds}/datapoints?limit=3&filters=${encodeURIComponent(JSON.stringify(filters))}`);
      expect(res.status, res.text).toBe(200);
      return res.body.data.map((d: any) => d.input.i);
    };
    expect(await page([{ key: 'metadata.level', operator: 'equals', value: 'rare one' }])).toEqual([4321]);
    expect(await page([{ key: 'metadata.level', operator: 'equals', value: 'common' }])).toEqual([0, 1, 2]);
    expect(await page([{ key: 'metadata.level', operator: 'equals', value: 'rare' }])).toEqual([]);
    expect(await page([{ key: 'metadata.n', operator: 'equals', value: 2 }])).toEqual([2, 5, 8]);
    // A search matching more datapoints than are ranked lists them all, in datapoint order, and says so.
    const first = await get(`/v1/datasets/${ds}/datapoints?limit=3&q=every%20row`);
    expect(first.body).toMatchObject({ ranked: false });
    expect(first.body.data.map((d: any) => d.input.i)).toEqual([0, 1, 2]);
    const next = await get(`/v1/datasets/${ds}/datapoints?limit=3&q=every%20row&cursor=${encodeURIComponent(first.body.next_cursor)}`);
    expect(next.body.data.map((d: any) => d.input.i)).toEqual([3, 4, 5]);
    expect((await get(`/v1/datasets/${ds}/datapoints?limit=3&q=${4321}`)).body).toMatchObject({
      ranked: true,
      data: [{ input: { i: 4321 } }],
    });
  });
});
