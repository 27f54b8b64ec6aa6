import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Integers past what the stores' columns hold (PostgreSQL's integer and bigint): a
 * version that cannot exist is 404, a value a column cannot hold is refused naming the
 * field, and a filter compares as numbers do, on both stores alike.
 */
const server = useServer();
let p: ProjectKeys;
let dataset: string;
let container: string;

const HUGE = ['2147483648', '9223372036854775808', '1e300'];

beforeAll(async () => {
  p = await server.project('integers');
  dataset = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'numbers' } })).body.id;
  await server.request('POST', `/v1/datasets/${dataset}/versions`, {
    key: p.write,
    body: {
      add: [
        { input: 'a', order: 1 },
        { input: 'b', order: 2 },
        { input: 'c', order: Number.MAX_SAFE_INTEGER },
      ],
    },
  });
  container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'tokens' } })).body.id;
  const event = { model_name: 'm', status: 'ok', input: 'q', output: 'a' };
  const ingested = await server.request('POST', `/v1/containers/${container}/events`, {
    key: p.write,
    body: [{ ...event, input_tokens: 5 }, { ...event, input_tokens: Number.MAX_SAFE_INTEGER }, event],
  });
  expect(ingested.status).toBe(201);
});

const filterQuery = (filters: unknown[]) => `filters=${encodeURIComponent(JSON.stringify(filters))}`;
const orders = async (filters: unknown[]) => {
  const res = await server.request('GET', `/v1/datasets/${dataset}/datapoints?${filterQuery(filters)}`, { key: p.read });
  expect(res.status, `${JSON.stringify(filters)}: ${res.text}`).toBe(200);
  return res.body.data.map((d: any) => d.order);
};
const tokens = async (filters: unknown[]) => {
  const res = await server.request('GET', `/v1/containers/${container}/events?${filterQuery(filters)}`, { key: p.read });
  expect(res.status, `${JSON.stringify(filters)}: ${res.text}`).toBe(200);
  return res.body.data.map((e: any) => e.input_tokens).sort();
};

describe(`integers past the store's columns (${DIALECT})`, () => {
  it('answers a version number no dataset can reach with 404', async () => {
    for (const version of HUGE) {
      const res = await server.request('GET', `/v1/datasets/${dataset}/versions/${version}`, { key: p.read });
      expect(res.status, version).toBe(404);
      expect(res.body.code).toBe('not_found');
    }
  });

  it('refuses a base_version past the largest version, naming it, on commits, restores and imports', async () => {
    const body = { base_version: 2147483648, add: [{ input: 'x' }] };
    const commit = await server.request('POST', `/v1/datasets/${dataset}/versions`, { key: p.write, body });
    expect(commit.status).toBe(422);
    expect(commit.body.errors).toEqual([{ field: 'body/base_version', message: 'must be <= 2147483647' }]);
    const lines = { type: 'application/x-ndjson', data: '{"input":"x"}\n' };
    for (const path of [`/v1/datasets/${dataset}/versions?base_version=2147483648`, `/v1/datasets/${dataset}/imports?base_version=1e300`]) {
      const res = await server.request('POST', path, { key: p.write, raw: lines });
      expect(res.status, path).toBe(422);
      expect(res.body.errors, path).toEqual([expect.objectContaining({ field: 'querystring/base_version' })]);
    }
    const restore = await server.request('POST', `/v1/datasets/${dataset}/restore`, { key: p.write, body: { version: 2147483648 } });
    expect(restore.status).toBe(422);
    expect((await server.request('GET', `/v1/datasets/${dataset}`, { key: p.read })).body.head_version).toBe(1);
  });

  it('compares datapoint orders with numbers of any size', async () => {
    const big = 2 ** 64;
    expect(await orders([{ key: 'order', operator: 'greater_than', value: 1e300 }])).toEqual([]);
    expect(await orders([{ key: 'order', operator: 'less_than', value: 1e300 }])).toEqual([1, 2, Number.MAX_SAFE_INTEGER]);
    expect(await orders([{ key: 'order', operator: 'equals', value: big }])).toEqual([]);
    expect(await orders([{ key: 'order', operator: 'not_equals', value: big }])).toHaveLength(3);
    expect(await orders([{ key: 'order', operator: 'in', value: [2, big, 1e300, 1.5] }])).toEqual([2]);
    expect(await orders([{ key: 'order', operator: 'between', value: [1.5, big] }])).toEqual([2, Number.MAX_SAFE_INTEGER]);
    expect(await orders([{ key: 'order', operator: 'greater_than_or_equal', value: -1e300 }])).toHaveLength(3);
  });

  it('compares event token counts with numbers of any size', async () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(await tokens([{ key: 'input_tokens', operator: 'greater_than', value: 2 ** 63 }])).toEqual([]);
    expect(await tokens([{ key: 'input_tokens', operator: 'less_than', value: 1e300 }])).toEqual([5, max]);
    expect(await tokens([{ key: 'input_tokens', operator: 'equals', value: 1e300 }])).toEqual([]);
    expect(await tokens([{ key: 'input_tokens', operator: 'in', value: [5, 1e300] }])).toEqual([5]);
    expect(await tokens([{ key: 'input_tokens', operator: 'between', value: [4.5, 1e300] }])).toEqual([5, max]);
    const count = await server.request(
      'GET',
      `/v1/containers/${container}/events/count?${filterQuery([{ key: 'input_tokens', operator: 'greater_than', value: 1e19 }])}`,
      {
        key: p.read,
      },
    );
    expect(count.status, count.text).toBe(200);
    expect(count.body.count).toBe(0);
  });

  it('refuses a cursor holding a number no page key can be, as any invalid cursor', async () => {
    const cursor = (...key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const datapointId = (await server.request('GET', `/v1/datasets/${dataset}/datapoints`, { key: p.read })).body.data[0].id;
    await server.request('PUT', `/v1/datasets/${dataset}/tags/prod`, { key: p.write, body: { version: 1 } });
    const forged = [
      `/v1/datasets/${dataset}/versions?cursor=${cursor('ver', 2 ** 31)}`,
      `/v1/datasets/${dataset}/datapoints?cursor=${cursor('dp', 1, 1e300, 1)}`,
      `/v1/datasets/${dataset}/datapoints?cursor=${cursor('dp', 1, 1, 2 ** 64)}`,
      `/v1/datasets/${dataset}/datapoints?q=a&cursor=${cursor('dpq', 1, 0, 1.5, 1)}`,
      `/v1/datasets/${dataset}/datapoints/${datapointId}/history?cursor=${cursor('dph', 2 ** 40)}`,
      `/v1/datasets/${dataset}/tags/prod/history?cursor=${cursor('tagmove', 2 ** 31)}`,
      `/v1/datasets/${dataset}/diff?from=0&to=1&cursor=${cursor('diff', 0, 1, 1e19)}`,
      `/v1/containers/${container}/events?cursor=${cursor('evt', '2026-01-01T00:00:00.000Z', 1e300)}`,
      `/v1/datasets?cursor=${cursor('ds:newest', '2026-01-01T00:00:00.000Z', 2 ** 63)}`,
    ];
    for (const path of forged) {
      const res = await server.request('GET', path, { key: p.read });
      expect(res.status, `${path}: ${res.text}`).toBe(400);
      expect(res.body.detail, path).toMatch(/cursor is invalid/);
    }
  });

  it('cuts a dataset with such filters, as a page would read them', async () => {
    const res = await server.request('POST', '/v1/datasets', {
      key: p.write,
      body: { name: 'cut-big', container, size: 10, filters: [{ key: 'input_tokens', operator: 'less_than', value: 1e300 }] },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.body.cut_size).toBe(2);
  });
});
