import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

const get = async (path: string) => {
  const res = await server.request('GET', path, { key: p.read });
  expect(res.status, res.text).toBe(200);
  return res.body;
};
const commit = async (dataset: string, change: unknown) => {
  const res = await server.request('POST', `/v1/datasets/${dataset}/versions`, { key: p.write, body: change });
  expect(res.status, res.text).toBe(201);
  return res.body;
};
const newDataset = async (name: string) =>
  (await server.request('POST', '/v1/datasets', { key: p.write, body: { name } })).body.id as string;
const indexedVersion = async (dataset: string) => (await get(`/v1/datasets/${dataset}`)).indexed_version as number;

/** What a listing answers, as a client sees it: the datapoints' `n`, in order, and whether they are ranked. */
async function answer(dataset: string, query: string) {
  const body = await get(`/v1/datasets/${dataset}/datapoints?limit=100&${query}`);
  return { ranked: body.ranked, n: body.data.map((d: any) => d.input.n) };
}

const FILTER = (key: string, value: unknown) => `filters=${encodeURIComponent(JSON.stringify([{ key, operator: 'equals', value }]))}`;

/** Text with words that share prefixes, so prefixes and whole words answer differently. */
const TEXTS = [
  'Refund policy for damaged goods',
  'Our refunds follow the police report',
  'refunded twice, see policies',
  'Politics aside, no refund',
  'Shipping policy and polite reminders',
  'Crème brûlée: refund? policy!',
];
const rows = Array.from({ length: 60 }, (_, n) => ({
  input: { n, text: TEXTS[n % TEXTS.length] },
  expected_output: n % 5 === 0 ? { answer: `refund refund ${n}` } : `case ${n}`,
  metadata: { team: n % 3 === 0 ? 'billing' : 'support', priority: n % 4, urgent: n % 7 === 0 },
}));

const QUERIES = [
  'q=refund',
  'q=refund%20polic*',
  'q=REFUND*',
  'q=pol*',
  'q=polic*%20-refund',
  `q=${encodeURIComponent('crème')}`,
  'q=42',
  'q=nothing*',
  `${FILTER('metadata.team', 'billing')}`,
  `${FILTER('metadata.priority', 2)}`,
  `${FILTER('metadata.urgent', true)}`,
  `q=refund*&${FILTER('metadata.team', 'support')}`,
];

beforeAll(async () => {
  p = await server.project('search-indexing');
});
afterEach(() => server.store.searchIndex.resume());

describe(`search behind the commits (${DIALECT})`, () => {
  it('finds datapoints committed a moment ago, the same before and after they are indexed', async () => {
    await server.store.searchIndex.pause();
    const ds = await newDataset('fresh');
    await commit(ds, { add: rows });
    expect(await get(`/v1/datasets/${ds}`)).toMatchObject({ head_version: 1, indexed_version: 0 });

    const before = await Promise.all(QUERIES.map((q) => answer(ds, q)));
    expect(before[0].n.length).toBeGreaterThan(0);
    await server.store.searchIndex.drain();
    expect(await get(`/v1/datasets/${ds}`)).toMatchObject({ head_version: 1, indexed_version: 1 });
    const after = await Promise.all(QUERIES.map((q) => answer(ds, q)));
    expect(after).toEqual(before);
  });

  it('answers prefixes by the words that start with them, as both stores do', async () => {
    const ds = await newDataset('prefixes');
    await commit(ds, { add: rows.slice(0, 6) });
    await server.store.searchIndex.drain();
    const sorted = async (q: string) => (await answer(ds, q)).n.sort((a: number, b: number) => a - b);
    expect(await sorted('q=refund')).toEqual([0, 3, 5]);
    expect(await sorted('q=refund*')).toEqual([0, 1, 2, 3, 5]);
    expect(await sorted('q=refund%20polic*')).toEqual([0, 5]);
    expect(await sorted('q=pol*')).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await sorted('q=polic*')).toEqual([0, 1, 2, 4, 5]);
    expect(await sorted('q=policy')).toEqual([0, 4, 5]);
    expect(await sorted(`q=${encodeURIComponent('brû*')}`)).toEqual([5]);
    // The most relevant last: "refund" once, where the others say it three times.
    expect((await answer(ds, 'q=refund')).n[2]).toBe(3);
  });

  it('answers a prefix of more words than it lists the same way', async () => {
    const ds = await newDataset('many-words');
    // 80 words starting "zeta": more than a prefix is expanded to, so the index merges them itself.
    await commit(ds, { add: Array.from({ length: 80 }, (_, n) => ({ input: { n, text: `zeta${n} plain` } })) });
    const before = await answer(ds, 'q=zeta*%20plain');
    await server.store.searchIndex.drain();
    expect(await answer(ds, 'q=zeta*%20plain')).toEqual(before);
    expect(before.n.sort((a: number, b: number) => a - b)).toEqual(Array.from({ length: 80 }, (_, n) => n));
    expect((await answer(ds, 'q=zeta7*')).n.sort((a: number, b: number) => a - b)).toEqual([7, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79]);
  });

  it('never shows datapoints a later version deleted or changed, indexed or not', async () => {
    for (const indexed of [false, true]) {
      const ds = await newDataset(`changing-${indexed}`);
      await commit(ds, { add: [{ input: { n: 1, text: 'apple pie' } }, { input: { n: 2, text: 'apple tart' } }] });
      await server.store.searchIndex.drain();
      const [one, two] = (await get(`/v1/datasets/${ds}/datapoints`)).data;
      await server.store.searchIndex.pause();
      await commit(ds, { delete: [one.id], update: [{ id: two.id, input: { n: 2, text: 'pear tart' } }] });
      if (indexed) await server.store.searchIndex.drain();
      expect(await indexedVersion(ds)).toBe(indexed ? 2 : 1);
      expect((await answer(ds, 'q=apple')).n).toEqual([]);
      expect((await answer(ds, 'q=appl*')).n).toEqual([]);
      expect((await answer(ds, 'q=pear')).n).toEqual([2]);
      expect((await answer(ds, 'q=tart')).n).toEqual([2]);
      expect((await answer(ds, 'version=1&q=appl*')).n.sort()).toEqual([1, 2]);
      expect((await answer(ds, 'version=1&q=pear')).n).toEqual([]);
    }
  });

  it('says a dataset is indexed once every version is, and lists none before its first commit', async () => {
    const ds = await newDataset('flag');
    expect(await get(`/v1/datasets/${ds}`)).toMatchObject({ head_version: 0, indexed_version: 0 });
    await server.store.searchIndex.pause();
    await commit(ds, { add: [{ input: { n: 1, text: 'first' } }] });
    await commit(ds, { add: [{ input: { n: 2, text: 'second' } }] });
    const listed = (await get('/v1/datasets?limit=100')).data.find((d: any) => d.id === ds);
    expect(listed).toMatchObject({ head_version: 2, indexed_version: 0 });
    await server.store.searchIndex.drain();
    expect(await indexedVersion(ds)).toBe(2);
  });
});
