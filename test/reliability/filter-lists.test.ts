import { beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/limits.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The filter language at its documented maximums (LIMITS.filtersMax filters, each `in`
 * of LIMITS.filterValuesMax values), on datapoints and on telemetry, on both stores.
 */
const server = useServer();
let p: ProjectKeys;
let dataset: string;
let container: string;

const ROWS = 40;
const MAX_VALUES = LIMITS.filterValuesMax;
const MAX_FILTERS = LIMITS.filtersMax;
/** The even numbers from 0: the rows with an even n, and values no row has. */
const evens = (count: number) => Array.from({ length: count }, (_, i) => 2 * i);
const evenRows = Array.from({ length: ROWS / 2 }, (_, i) => 2 * i);

beforeAll(async () => {
  p = await server.project('filter-lists');
  dataset = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'listed' } })).body.id;
  const add = Array.from({ length: ROWS }, (_, n) => ({ input: `q${n}`, order: n, external_id: `e${n}`, metadata: { n, s: `s${n}` } }));
  expect((await server.request('POST', `/v1/datasets/${dataset}/versions`, { key: p.write, body: { add } })).status).toBe(201);
  // A second version, so a diff has every datapoint to show.
  const update = (await server.request('GET', `/v1/datasets/${dataset}/datapoints?limit=${ROWS}`, { key: p.read })).body.data.map(
    (d: any) => ({ id: d.id, persona: 'edited' }),
  );
  expect((await server.request('POST', `/v1/datasets/${dataset}/versions`, { key: p.write, body: { update } })).status).toBe(201);

  container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'listed' } })).body.id;
  const events = Array.from({ length: ROWS }, (_, n) => ({
    model_name: `m${n}`,
    status: 'ok',
    input: `q${n}`,
    output: `a${n}`,
    input_tokens: n,
    attributes: { n, s: `s${n}` },
  }));
  expect((await server.request('POST', `/v1/containers/${container}/events`, { key: p.write, body: events })).status).toBe(201);
});

/** A filters query parameter, with only what URLs must have encoded, so the longest lists fit the request line. */
const filtersParam = (filters: unknown[]) => `filters=${encodeURI(JSON.stringify(filters)).replace(/[#&+]/g, encodeURIComponent)}`;
const read = async (path: string) => {
  const res = await server.request('GET', path, { key: p.read });
  expect(res.status, `${path.slice(0, 200)}: ${res.text.slice(0, 300)}`).toBe(200);
  return res;
};
const pageOrders = async (filters: unknown[]) =>
  (await read(`/v1/datasets/${dataset}/datapoints?limit=${ROWS}&${filtersParam(filters)}`)).body.data.map((d: any) => d.order);

describe(`filters at the documented maximums (${DIALECT})`, () => {
  it(`serves an in of ${MAX_VALUES} values on datapoint pages, exports and diffs`, async () => {
    for (const key of ['metadata.n', 'order']) {
      expect(await pageOrders([{ key, operator: 'in', value: evens(MAX_VALUES) }]), key).toEqual(evenRows);
      expect(await pageOrders([{ key, operator: 'not_in', value: evens(MAX_VALUES) }]), key).toHaveLength(ROWS / 2);
    }
    const strings = Array.from({ length: MAX_VALUES }, (_, i) => `s${2 * i}`);
    expect(await pageOrders([{ key: 'metadata.s', operator: 'in', value: strings }])).toEqual(evenRows);

    const filters = [{ key: 'metadata.n', operator: 'in', value: evens(MAX_VALUES) }];
    const exported = (await read(`/v1/datasets/${dataset}/export?${filtersParam(filters)}`)).text.trim().split('\n');
    expect(exported.map((line) => JSON.parse(line).order)).toEqual(evenRows);
    const diff = await read(`/v1/datasets/${dataset}/diff?from=1&to=2&limit=${ROWS}&${filtersParam(filters)}`);
    expect(diff.body.data.map((c: any) => c.after.order).sort((a: number, b: number) => a - b)).toEqual(evenRows);
  });

  it(`serves ${MAX_FILTERS} filters of lists on one datapoint page`, async () => {
    const filters = Array.from({ length: MAX_FILTERS }, (_, i) => ({
      key: i % 2 ? 'metadata.n' : 'order',
      operator: 'in',
      value: evens(ROWS / 2 + i),
    }));
    expect(await pageOrders(filters)).toEqual(evenRows);
  });

  it(`cuts a dataset by ${MAX_FILTERS} filters, each an in of ${MAX_VALUES} values`, async () => {
    const numbers = evens(MAX_VALUES);
    const strings = numbers.map((n) => `s${n}`);
    const filters = Array.from(
      { length: MAX_FILTERS },
      (_, i) =>
        [
          { key: 'attributes.n', operator: 'in', value: numbers },
          { key: 'attributes.s', operator: 'in', value: strings },
          { key: 'model_name', operator: 'in', value: numbers.map((n) => `m${n}`) },
          { key: 'input_tokens', operator: 'in', value: numbers },
          { key: 'attributes.n', operator: 'not_in', value: numbers.map((n) => n + 1) },
        ][i % 5],
    );
    const res = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'cut-lists', container, size: 1000, filters } });
    expect(res.status, res.text.slice(0, 300)).toBe(201);
    expect(res.body.cut_size).toBe(ROWS / 2);
  });

  it(`reads and counts events by an in of ${MAX_VALUES} values`, async () => {
    for (const key of ['attributes.n', 'input_tokens']) {
      const filters = [{ key, operator: 'in', value: evens(MAX_VALUES) }];
      const page = await read(`/v1/containers/${container}/events?limit=${ROWS}&${filtersParam(filters)}`);
      expect(
        page.body.data.map((e: any) => e.input_tokens).sort((a: number, b: number) => a - b),
        key,
      ).toEqual(evenRows);
      expect((await read(`/v1/containers/${container}/events/count?${filtersParam(filters)}`)).body.count, key).toBe(ROWS / 2);
    }
  });

  it('refuses one filter or one value past the maximums, naming the filter', async () => {
    const tooMany = Array.from({ length: MAX_FILTERS + 1 }, () => ({ key: 'order', operator: 'exists' }));
    const long = [
      { key: 'order', operator: 'exists' },
      { key: 'order', operator: 'in', value: evens(MAX_VALUES + 1) },
    ];
    for (const filters of [tooMany, long]) {
      const res = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'refused', container, size: 10, filters } });
      expect(res.status).toBe(422);
    }
    const res = await server.request('GET', `/v1/datasets/${dataset}/datapoints?${filtersParam(long)}`, { key: p.read });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'filters/1/value' })]);
  });
});
