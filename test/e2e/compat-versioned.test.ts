import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
const BASE = '/compat/versioned/api';
const AGENT = '0b7f6a4e-2c1d-4e8f-9a3b-5c6d7e8f9a0b';

beforeAll(async () => {
  p = await server.project('versioned');
});

const api = (method: string, path: string, body?: object, key = p.write) => server.request(method, `${BASE}${path}`, { key, body });
const get = (path: string) => api('GET', path, undefined, p.read);
/** Follows an absolute next/previous link. */
const follow = (link: string) => server.request('GET', new URL(link).pathname + new URL(link).search, { key: p.read });
const inputs = (res: { body: any }) => res.body.results.map((r: any) => r.input);

describe(`versioned-datapoints surface (${DIALECT})`, () => {
  it('creates a dataset at version 1, and publishes the next version under the same name', async () => {
    const created = await api('POST', '/datasets/', {
      name: 'qa',
      description: 'first',
      datapoints: [
        { input: { q: 1 }, expected_output: 'a', persona: 'pirate', tags: ['t'] },
        { input: { q: 2 }, expected_output: { x: 1 }, tags: { team: 'red' }, source: 'seed' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'qa',
      description: 'first',
      version: 1,
      datapoint_count: 2,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const list = await get(`/datasets/${created.body.id}/datapoints/`);
    expect(list.body).toEqual({
      count: 2,
      next: null,
      previous: null,
      results: [
        { id: expect.any(String), expected_output: 'a', input: { q: 1 }, order: 0, persona: 'pirate', tags: ['t'] },
        { id: expect.any(String), expected_output: { x: 1 }, input: { q: 2 }, order: 1, persona: null, tags: { team: 'red' } },
      ],
    });

    const again = await api('POST', '/datasets/', { name: 'qa', datapoints: [{ input: 'only', expected_output: null }] });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: created.body.id, version: 2, datapoint_count: 1, description: 'first' });
    expect(inputs(await get(`/datasets/${created.body.id}/datapoints/`))).toEqual(['only']);
    expect(inputs(await get(`/datasets/${created.body.id}/datapoints/?version=1`))).toEqual([{ q: 1 }, { q: 2 }]);
  });

  it('reads, renames and deletes datasets, and never changes datapoints in place', async () => {
    const ds = (await api('POST', '/datasets/', { name: 'crud', datapoints: [] })).body;
    expect(ds).toMatchObject({ version: 1, datapoint_count: 0 });
    expect((await get(`/datasets/${ds.id}/`)).body).toEqual(ds);
    const renamed = await api('PATCH', `/datasets/${ds.id}/`, { name: 'crud-2', description: 'new words', unknown: 'ignored' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'crud-2', description: 'new words', version: 1 });
    const refused = await api('PATCH', `/datasets/${ds.id}/`, { datapoints: [{ input: 1, expected_output: 2 }] });
    expect(refused.status).toBe(400);
    expect(Object.keys(refused.body)).toEqual(['datapoints']);
    expect((await get(`/datasets/${ds.id}/`)).body).toMatchObject({ name: 'crud-2', version: 1 });
    expect((await api('DELETE', `/datasets/${ds.id}/`)).status).toBe(204);
    expect(await get(`/datasets/${ds.id}/`)).toMatchObject({ status: 404, body: { detail: 'Not found.' } });
    expect((await get(`/datasets/${ds.id}/datapoints/`)).status).toBe(404);
    expect((await api('POST', '/datasets/', { name: 'crud-2', datapoints: [] })).body.version).toBe(1);
  });

  it('pages by number with DRF links that keep the other parameters', async () => {
    const items = Array.from({ length: 250 }, (_, i) => ({ input: i, expected_output: null, source: i % 2 ? 'synthetic' : 'seed' }));
    const ds = (await api('POST', '/datasets/', { name: 'paged', datapoints: items })).body;
    const first = await get(`/datasets/${ds.id}/datapoints/?source=seed&ordering=-order`);
    expect(first.body.count).toBe(125);
    expect(first.body.results).toHaveLength(100);
    expect(first.body.previous).toBeNull();
    const next = new URL(first.body.next);
    expect(next.origin).toBe(server.url);
    expect([...next.searchParams.entries()]).toEqual([
      ['ordering', '-order'],
      ['page', '2'],
      ['source', 'seed'],
    ]);
    const second = await follow(first.body.next);
    expect(second.body.results).toHaveLength(25);
    expect(second.body.next).toBeNull();
    const back = new URL(second.body.previous);
    expect(back.searchParams.has('page')).toBe(false);
    expect(back.searchParams.get('source')).toBe('seed');
    expect((await follow(second.body.previous)).body).toEqual(first.body);
    const all = [...inputs(first), ...inputs(second)];
    expect(all).toEqual(Array.from({ length: 125 }, (_, i) => 248 - 2 * i));

    const walk: number[] = [];
    for (let res = await get(`/datasets/${ds.id}/datapoints/`); ; res = await follow(res.body.next)) {
      walk.push(...inputs(res));
      if (!res.body.next) break;
    }
    expect(walk).toEqual(Array.from({ length: 250 }, (_, i) => i));
    for (const page of ['4', '0', '-1', 'abc', '1.5']) {
      const res = await get(`/datasets/${ds.id}/datapoints/?page=${page}`);
      expect(res.status, page).toBe(404);
      expect(res.body).toEqual({ detail: 'Invalid page.' });
    }
    expect((await get(`/datasets/${ds.id}/datapoints/?page=3`)).body.results).toHaveLength(50);
  });

  it('reads versions, and version ranges once per datapoint, across adds, changes and removals', async () => {
    const ds = (
      await api('POST', '/datasets/', { name: 'history', datapoints: ['a', 'b', 'c'].map((input) => ({ input, expected_output: null })) })
    ).body;
    const v1 = (await server.request('GET', `/v1/datasets/${ds.id}/datapoints`, { key: p.read })).body.data;
    const native = (body: object) => server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body });
    expect((await native({ update: [{ id: v1[1].id, input: 'b2' }], add: [{ input: 'd' }] })).status).toBe(201);
    expect((await native({ delete: [v1[0].id], add: [{ input: 'e' }] })).status).toBe(201);
    const read = async (query: string) => inputs(await get(`/datasets/${ds.id}/datapoints/${query}`));

    expect(await read('')).toEqual(['b2', 'c', 'd', 'e']);
    expect(await read('?version=1')).toEqual(['a', 'b', 'c']);
    expect(await read('?version=2')).toEqual(['a', 'b2', 'c', 'd']);
    expect(await read('?version=3')).toEqual(['b2', 'c', 'd', 'e']);
    expect(await read('?version_min=1&version_max=2')).toEqual(['a', 'b2', 'c', 'd']);
    expect(await read('?version_min=1&version_max=3')).toEqual(['a', 'b2', 'c', 'd', 'e']);
    expect(await read('?version_max=1')).toEqual(['a', 'b', 'c']);
    expect(await read('?version_min=3')).toEqual(['b2', 'c', 'd', 'e']);
    expect(await read('?version_min=3&version_max=2')).toEqual([]);
    expect(await read('?version=2&version_min=3')).toEqual([]);
    expect(await read('?version=9')).toEqual([]);
    expect(await read('?version=0')).toEqual([]);
    expect(await read('?version_min=1&version_max=3&ordering=-order')).toEqual(['e', 'd', 'c', 'b2', 'a']);
    const ranged = await get(`/datasets/${ds.id}/datapoints/?version_min=1&version_max=2`);
    expect(new Set(ranged.body.results.map((r: any) => r.id)).size).toBe(4);
    expect(ranged.body.count).toBe(4);
  });

  it('filters by agent, generator model and source, and orders as asked', async () => {
    const ds = (
      await api('POST', '/datasets/', {
        name: 'filters',
        datapoints: [
          { input: 1, expected_output: null, order: 30, agent: AGENT, generator_model: 'gpt-x', source: 'synthetic' },
          { input: 2, expected_output: null, order: 10, generator_model: 'gpt-x', source: 'augmented' },
          { input: 3, expected_output: null, order: 20, agent: AGENT, source: 'production' },
        ],
      })
    ).body;
    const read = async (query: string) => inputs(await get(`/datasets/${ds.id}/datapoints/?${query}`));
    expect(await read('')).toEqual([2, 3, 1]);
    expect(await read(`agent=${AGENT}`)).toEqual([3, 1]);
    expect(await read('generator_model=gpt-x')).toEqual([2, 1]);
    expect(await read(`generator_model=gpt-x&agent=${AGENT}&source=synthetic`)).toEqual([1]);
    expect(await read('source=seed')).toEqual([]);
    expect(await read('ordering=-order')).toEqual([1, 3, 2]);
    expect(await read('ordering=created_at')).toEqual([1, 2, 3]);
    expect(await read('ordering=nonsense')).toEqual([2, 3, 1]);
    expect(await read('ordering=nonsense,-order')).toEqual([1, 3, 2]);
    expect((await read('ordering=-created_at')).sort()).toEqual([1, 2, 3]);
  });

  it('answers bad parameters with field-keyed 400s', async () => {
    const ds = (await api('POST', '/datasets/', { name: 'errs', datapoints: [] })).body;
    const bad = async (query: string) => (await get(`/datasets/${ds.id}/datapoints/?${query}`)) as { status: number; body: any };
    expect(await bad('agent=nope')).toMatchObject({ status: 400, body: { agent: ['Enter a valid UUID.'] } });
    expect(await bad('source=scraped')).toMatchObject({
      status: 400,
      body: { source: ['Select a valid choice. scraped is not one of the available choices.'] },
    });
    expect(await bad('version=abc')).toMatchObject({ status: 400, body: { version: ['Enter a number.'] } });
    // django-filter takes any number: a minimum below 1 is every version.
    expect(await bad('version_min=-1')).toMatchObject({ status: 200, body: { count: 0 } });
    const both = await bad('version=x&agent=y');
    expect(Object.keys(both.body).sort()).toEqual(['agent', 'version']);
    expect(await get('/datasets/8d7e6f5a-4b3c-4d2e-9f1a-0b9c8d7e6f5a/datapoints/')).toMatchObject({
      status: 404,
      body: { detail: 'Not found.' },
    });
    expect((await get('/datasets/not-a-uuid/datapoints/')).status).toBe(404);

    expect(await api('POST', '/datasets/', { datapoints: [] })).toMatchObject({ status: 400, body: { name: ['This field is required.'] } });
    const nested = await api('POST', '/datasets/', {
      name: 'x',
      datapoints: [
        { input: 1, expected_output: 1 },
        { input: 1, expected_output: 1, persona: 'p'.repeat(129), order: -1 },
      ],
    });
    expect(nested.status).toBe(400);
    expect(nested.body).toEqual({
      datapoints: [
        {},
        { persona: ['Ensure this field has no more than 128 characters.'], order: ['Ensure this value is greater than or equal to 0.'] },
      ],
    });
    expect((await api('POST', '/datasets/', { name: 'x', datapoints: [{ expected_output: 1 }] })).body).toEqual({
      datapoints: [{ input: ['This field is required.'] }],
    });
    expect((await get('/datasets/')).body.results.map((d: any) => d.name)).not.toContain('x');
  });

  it('authenticates like the rest of datashelf, and keeps projects apart', async () => {
    expect(await server.request('GET', `${BASE}/datasets/`, { key: null })).toMatchObject({
      status: 401,
      body: { detail: 'Authentication credentials were not provided.' },
    });
    expect(await server.request('GET', `${BASE}/datasets/`, { key: 'ds_wrong' })).toMatchObject({
      status: 401,
      body: { detail: 'Invalid token.' },
    });
    expect((await server.request('GET', `${BASE}/datasets/`, { key: null, headers: { 'x-api-key': p.read } })).status).toBe(200);
    expect(await api('POST', '/datasets/', { name: 'ro', datapoints: [] }, p.read)).toMatchObject({
      status: 403,
      body: { detail: 'You do not have permission to perform this action.' },
    });

    const other = await server.project('versioned-other');
    const mine = (await api('POST', '/datasets/', { name: 'private', datapoints: [{ input: 1, expected_output: 1 }] })).body;
    const theirs = (path: string) => server.request('GET', `${BASE}${path}`, { key: other.read });
    expect((await theirs(`/datasets/${mine.id}/`)).status).toBe(404);
    expect((await theirs(`/datasets/${mine.id}/datapoints/`)).status).toBe(404);
    expect((await theirs('/datasets/')).body).toEqual({ count: 0, next: null, previous: null, results: [] });
    const sameName = await server.request('POST', `${BASE}/datasets/`, { key: other.write, body: { name: 'private', datapoints: [] } });
    expect(sameName.body.id).not.toBe(mine.id);
    expect((await get(`/datasets/${mine.id}/`)).body.version).toBe(1);
  });

  it('lists datasets in numbered pages, newest first', async () => {
    const q = await server.project('versioned-list');
    for (let i = 0; i < 3; i++)
      await server.request('POST', `${BASE}/datasets/`, { key: q.write, body: { name: `n${i}`, datapoints: [] } });
    const res = await server.request('GET', `${BASE}/datasets/`, { key: q.read });
    expect(res.body).toMatchObject({ count: 3, next: null, previous: null });
    expect(res.body.results.map((d: any) => d.name)).toEqual(['n2', 'n1', 'n0']);
    expect((await server.request('GET', `${BASE}/datasets/?page=2`, { key: q.read })).status).toBe(404);
  });
});
