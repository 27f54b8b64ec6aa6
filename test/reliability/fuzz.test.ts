import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { arbitraryFor } from '../helpers/schema-arbitrary.js';
import { ADMIN_KEY, type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * A fuzzer driven by the OpenAPI document: for every operation, RUNS requests whose
 * path, query and body are generated from the operation's own schemas (mostly valid,
 * sometimes odd), sent with every kind of credential. No answer may be a 5xx, and
 * every status must be one the document declares for that operation.
 */
const RUNS = Number(process.env.RELIABILITY_FUZZ_RUNS ?? 200);
/** Fixed in CI so a failure reproduces; RELIABILITY_FUZZ_SEED explores other requests by hand. */
const SEED = Number(process.env.RELIABILITY_FUZZ_SEED ?? 42);

const server = useServer();
let p: ProjectKeys;
let doc: any;
let token: string;
const known: string[] = [];

beforeAll(async () => {
  p = await server.project('fuzz');
  token = (await server.request('POST', '/v1/auth/token', { key: p.admin })).body.access_token;
  const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'fuzzed' } })).body;
  await server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body: { add: [{ input: 'x' }, { input: 'y' }] } });
  const dp = (await server.request('GET', `/v1/datasets/${ds.id}/datapoints`, { key: p.read })).body.data[0];
  const container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'c' } })).body;
  const collection = (await server.request('POST', '/v1/collections', { key: p.write, body: { name: 'c', members: ['m'] } })).body;
  const job = (await server.request('POST', '/v1/jobs', { key: p.write, body: { name: 'j', kind: 'training' } })).body;
  const run = (
    await server.request('POST', '/v1/runs', {
      key: p.write,
      body: { dataset_id: ds.id, run_type: 'DATASET', run_source: 'API', threshold: 1 },
    })
  ).body;
  const metric = (await server.request('POST', '/v1/metrics', { key: p.write, body: { name: 'm' } })).body;
  known.push(
    ds.id,
    String(ds.seq),
    'fuzzed',
    dp.id,
    container.id,
    'c',
    collection.id,
    job.id,
    run.id,
    metric.id,
    p.ns,
    p.project,
    '1',
    '0',
    'm',
  );
  doc = (await server.request('GET', '/openapi.json', { key: null })).body;
});

const resolve = (ref: string) =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce((node: any, part) => node[part], doc) ?? doc.components.schemas[ref];

/** Percent-encodes a path segment, lone surrogates included (as the bytes a careless client would send). */
const segment = (value: unknown) => {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^%\w.-]/g, (c) => encodeURIComponent(c));
  }
};

describe(`OpenAPI-driven fuzzing (${DIALECT})`, () => {
  it(`answers ${RUNS} generated requests per operation with no 5xx and only declared statuses`, async () => {
    const operations = Object.entries(doc.paths as Record<string, Record<string, any>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })))
      // Deletions last, so the real objects are there for the other operations.
      .sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));
    expect(operations.length).toBeGreaterThan(60);
    const keys = [ADMIN_KEY, p.admin, p.write, p.read, null, 'ds_made-up'];

    for (const { path, method, op } of operations) {
      const params: any[] = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema;
      const request = fc.record({
        path: fc.record(
          Object.fromEntries(params.filter((x) => x.in === 'path').map((x) => [x.name, arbitraryFor(x.schema, resolve, known)])),
        ),
        query: fc.record(
          Object.fromEntries(params.filter((x) => x.in === 'query').map((x) => [x.name, arbitraryFor(x.schema, resolve, known)])),
          { requiredKeys: [] },
        ),
        body: json ? arbitraryFor(json, resolve, known) : fc.constant(undefined),
        key: path.startsWith('/compat/spaces') ? fc.constantFrom(token, token, p.read, null) : fc.constantFrom(...keys),
      });
      await fc.assert(
        fc.asyncProperty(
          request,
          async (r: { path: Record<string, unknown>; query: Record<string, unknown>; body: unknown; key: string | null }) => {
            const url = path.replace(/\{(\w+)\}/g, (_, name: string) => segment(r.path[name]));
            const search = new URLSearchParams(
              Object.entries(r.query).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]),
            ).toString();
            const body = r.body === undefined ? undefined : { type: 'application/json', data: JSON.stringify(r.body) ?? 'null' };
            const res = await server.request(method, `${url}${search ? `?${search}` : ''}`, { key: r.key, raw: body });
            const where = `${method} ${url}?${search} ${body?.data.slice(0, 200)} -> ${res.status} ${res.text.slice(0, 200)}`;
            expect(res.status, where).toBeLessThan(500);
            // A segment like `.` or `..` makes the client normalise the path into another route's: not this operation's answer.
            if (new URL(url, server.url).pathname === url) expect(Object.keys(op.responses), where).toContain(String(res.status));
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
    }
  }, 600_000);
});
