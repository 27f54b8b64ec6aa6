import { beforeAll, describe, expect, it } from 'vitest';
import { NDJSON_TYPES } from '../../src/formats/media-types.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let datasetId: string;
let datapointId: string;

beforeAll(async () => {
  p = await server.project('ndjson-bodies');
  datasetId = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'lines' } })).body.id;
  await server.request('POST', `/v1/datasets/${datasetId}/versions`, { key: p.write, body: { add: [{ input: 'seed' }] } });
  datapointId = (await server.request('GET', `/v1/datasets/${datasetId}/datapoints`, { key: p.read })).body.data[0].id;
});

/** Each route that takes NDJSON: where it is, a body of two lines, and how many things the body stored. */
interface NdjsonRoute {
  name: string;
  path: () => Promise<string>;
  lines: () => string;
  stored: (path: string) => Promise<number>;
}

const read = async (path: string) => (await server.request('GET', path, { key: p.read })).body;

const ROUTES: NdjsonRoute[] = [
  {
    name: 'POST /v1/datasets/{id}/versions',
    path: async () => `/v1/datasets/${datasetId}/versions`,
    lines: () => '{"input":"a"}\n{"input":"b"}\n',
    stored: async () => (await read(`/v1/datasets/${datasetId}`)).datapoint_count,
  },
  {
    name: 'POST /v1/datasets/{id}/imports',
    path: async () => `/v1/datasets/${datasetId}/imports`,
    lines: () => '{"input":"c"}\n{"input":"d"}\n',
    stored: async () => (await read(`/v1/datasets/${datasetId}`)).datapoint_count,
  },
  {
    name: 'POST /v1/runs/{id}/items',
    path: async () => {
      const run = await server.request('POST', '/v1/runs', {
        key: p.write,
        body: { dataset_id: datasetId, run_type: 'DATASET', run_source: 'SDK', threshold: 50, version: 1 },
      });
      expect(run.status, run.text).toBe(201);
      return `/v1/runs/${run.body.id}/items`;
    },
    lines: () =>
      `${JSON.stringify({ datapoint_id: datapointId, output: 'one' })}\n${JSON.stringify({ datapoint_id: datapointId, output: 'two' })}\n`,
    stored: async (path) => (await read(path)).data.filter((item: any) => item.output === 'two').length,
  },
  {
    name: 'POST /v1/containers/{id}/events',
    path: async () => {
      const container = await server.request('POST', '/v1/containers', { key: p.write, body: { label: `c${Math.random()}` } });
      return `/v1/containers/${container.body.id}/events`;
    },
    lines: () =>
      [1, 2]
        .map((i) => JSON.stringify({ model_name: 'm', status: 'ok', input: { i }, output: 'o', created_at: '2026-01-01T00:00:00Z' }))
        .join('\n'),
    stored: async (path) => (await read(path)).data.length,
  },
];

/** Every spelling of an NDJSON media type, bare and with a UTF-8 charset. */
const TYPES = NDJSON_TYPES.flatMap((type) => [type, `${type}; charset=utf-8`]);

describe(`NDJSON bodies (${DIALECT})`, () => {
  it('knows the usual spellings of NDJSON', () => {
    expect(NDJSON_TYPES).toEqual(expect.arrayContaining(['application/x-ndjson', 'application/jsonl', 'application/json-lines']));
  });

  for (const route of ROUTES) {
    it.each(TYPES)(`${route.name} takes %s`, async (type) => {
      const path = await route.path();
      const before = await route.stored(path);
      const res = await server.request('POST', path, { key: p.write, raw: { type, data: route.lines() } });
      expect(res.status, res.text).toBeLessThan(300);
      expect(await route.stored(path)).toBeGreaterThan(before);
    });
  }

  it('declares every NDJSON media type on every route that takes NDJSON', async () => {
    const doc = (await server.request('GET', '/openapi.json', { key: null })).body;
    for (const route of ROUTES) {
      const [method, path] = route.name.split(' ');
      const content = doc.paths[path][method.toLowerCase()].requestBody.content;
      expect(Object.keys(content), route.name).toEqual(expect.arrayContaining(NDJSON_TYPES));
    }
  });
});
