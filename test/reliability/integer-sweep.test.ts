import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Generated from the OpenAPI document, so a new route cannot skip it: every integer
 * (and number) a request can carry, in its path, its query or anywhere in its JSON body,
 * is sent values past what the stores' columns hold, in otherwise valid requests on real
 * objects. No answer may be a 5xx, and every status must be one the route declares.
 */
const server = useServer();
let p: ProjectKeys;
let token: string;
let doc: any;
/** Real objects of the project, by what names them. */
const real: Record<string, string> = {};

const HUGE = [2 ** 31, 2 ** 53 + 2, 2 ** 63, 1e19, 1e300, -(2 ** 31) - 1, 2.5];

beforeAll(async () => {
  p = await server.project('sweep');
  token = (await server.request('POST', '/v1/auth/token', { key: p.admin })).body.access_token;
  const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'swept' } })).body;
  await server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body: { add: [{ input: 'x' }, { input: 'y' }] } });
  await server.request('PUT', `/v1/datasets/${ds.id}/tags/prod`, { key: p.write, body: { version: 1 } });
  const run = (
    await server.request('POST', '/v1/runs', {
      key: p.write,
      body: { dataset_id: ds.id, run_type: 'DATASET', run_source: 'API', threshold: 1 },
    })
  ).body;
  const webhook = (
    await server.request('POST', '/v1/webhooks', { key: p.admin, body: { url: 'https://93.184.215.14/hook', events: ['dataset.created'] } })
  ).body;
  Object.assign(real, {
    datasets: ds.id,
    seq: String(ds.seq),
    name: 'swept',
    tags: 'prod',
    datapoints: (await server.request('GET', `/v1/datasets/${ds.id}/datapoints`, { key: p.read })).body.data[0].id,
    runs: run.id,
    containers: (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'c' } })).body.id,
    collections: (await server.request('POST', '/v1/collections', { key: p.write, body: { name: 'c', members: ['m'] } })).body.id,
    jobs: (await server.request('POST', '/v1/jobs', { key: p.write, body: { name: 'j', kind: 'training' } })).body.id,
    metrics: (await server.request('POST', '/v1/metrics', { key: p.write, body: { name: 'm' } })).body.id,
    webhooks: webhook.id,
    deliveries: String((await server.request('POST', `/v1/webhooks/${webhook.id}/ping`, { key: p.admin })).body.id),
    namespaces: p.ns,
    projects: p.project,
    uploads: (await server.request('POST', '/v1/attachments/uploads', { key: p.write, body: { mime_type: 'text/plain' } })).body.id,
  });
  doc = (await server.request('GET', '/openapi.json', { key: null })).body;
});

type Schema = Record<string, any>;
/** Where a value sits in a request body: property names, and '[]' for an array's items. */
type Place = string[];

const resolve = (schema: Schema): Schema =>
  schema.$ref
    ? resolve(
        schema.$ref
          .replace(/^#\//, '')
          .split('/')
          .reduce((node: any, part: string) => node[part], doc),
      )
    : schema;
const branches = (schema: Schema): Schema[] => schema.anyOf ?? schema.oneOf ?? [];
const numeric = (schema: Schema): boolean =>
  [schema.type].flat().some((t) => t === 'integer' || t === 'number') || branches(schema).some((b) => numeric(resolve(b)));

/** Every place in a schema that takes a number (a union with a number counts as one place). */
function numberPlaces(schema: Schema, depth = 0): Place[] {
  const s = resolve(schema);
  if (numeric(s)) return [[]];
  if (depth > 6) return [];
  const inner = [
    ...Object.entries((s.properties ?? {}) as Record<string, Schema>).flatMap(([k, v]) =>
      numberPlaces(v, depth + 1).map((at) => [k, ...at]),
    ),
    ...(s.items ? numberPlaces(s.items, depth + 1).map((at) => ['[]', ...at]) : []),
    ...branches(s).flatMap((b) => numberPlaces(b, depth + 1)),
  ];
  return inner.filter((at, i) => inner.findIndex((other) => other.join('.') === at.join('.')) === i);
}

let named = 0;
/**
 * A valid body of each route whose JSON body holds numbers, so a number put into it is
 * what the route reads (names are fresh: some of them create datasets). A route with
 * numbers in its body and none here fails the test: add it.
 */
const BODIES: Record<string, () => unknown[]> = {
  'POST /v1/datasets': () => [{ name: `cut-${++named}`, container: real.containers, size: 1 }],
  'POST /v1/datasets/{id}/versions': () => [
    { add: [{ input: 'x' }] },
    { update: [{ id: real.datapoints }] },
    { replace: [{ input: 'x' }] },
  ],
  'PUT /v1/datasets/{id}/tags/{name}': () => [{ version: 1 }],
  'POST /v1/datasets/{id}/restore': () => [{ version: 1 }],
  'POST /v1/containers/{id}/events': () => [[{ model_name: 'm', status: 'ok', input: 'i', output: 'o' }]],
  'POST /v1/runs': () => [{ dataset_id: real.datasets, run_type: 'DATASET', run_source: 'API', threshold: 1 }],
  'PATCH /v1/runs/{id}': () => [{ result: 1 }],
  'POST /v1/runs/{id}/evaluations': () => [[{ record_id: real.datapoints, metric_id: real.metrics, result: 1, threshold: 1 }]],
  'POST /v1/runs/{id}/items': () => [{ items: [{ datapoint_id: real.datapoints, output: 'o' }] }],
  'POST /v1/datasets/{id}/datapoints/{datapoint_id}/reviews': () => [{ state: 'approved', version: 1 }],
  'POST /compat/langsmith/runs': () => [{ id: randomUUID(), start_time: '2026-12-07T12:00:00Z' }],
  'PATCH /compat/langsmith/runs/{run_id}': () => [{ end_time: '2026-12-07T12:00:01Z' }],
  'POST /compat/langsmith/runs/batch': () => [{ post: [{ id: randomUUID() }], patch: [{ id: randomUUID() }] }],
  'POST /compat/langsmith/feedback': () => [{ key: 'correct', score: 1 }],
  'POST /compat/versioned/api/datasets/': () => [{ name: `versioned-${++named}`, datapoints: [{ input: 'i', expected_output: 'o' }] }],
  'POST /compat/gateway/v1/datasets': () => [{ name: `gateway-${++named}`, container: real.containers, size: 1 }],
  'POST /compat/hf/api/datasets/{namespace}/{name}/preupload/{rev}': () => [{ files: [{ path: 'data/train.jsonl', size: 1 }] }],
  'POST /compat/hf/datasets/{namespace}/{repo}/info/lfs/objects/batch': () => [
    { operation: 'upload', objects: [{ oid: 'a'.repeat(64), size: 1 }] },
  ],
  'POST /compat/hf/datasets/{namespace}/{repo}/info/lfs/objects/verify': () => [{ oid: 'a'.repeat(64), size: 1 }],
  'POST /compat/hf/lfs/uploads/{upload}/complete': () => [{ oid: 'a'.repeat(64), parts: [{ partNumber: 1, etag: '"x"' }] }],
};

/** `body` with `value` at the place, making the objects and the first array item on the way there. */
function placed(body: unknown, place: Place, value: number): unknown {
  if (place.length === 0) return value;
  const [head, ...rest] = place;
  if (head === '[]') {
    const items = Array.isArray(body) && body.length ? body : [{}];
    return [placed(items[0], rest, value), ...items.slice(1)];
  }
  const object = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  return { ...object, [head]: placed(object[head], rest, value) };
}

/** A real object for a path parameter: by its name, else by the collection it is in; integer ids as the surface numbers them. */
function fill(path: string, params: Schema[], values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (values[name] !== undefined) return values[name];
    const before = path
      .slice(0, path.indexOf(`{${name}}`))
      .split('/')
      .filter(Boolean)
      .pop()!;
    const integer = numeric(resolve(params.find((x) => x.name === name)?.schema ?? {}));
    if (name === 'name') return before === 'tags' ? real.tags : real.name;
    return integer && before === 'datasets' ? real.seq : real[before];
  });
}

const keyFor = (path: string) => (path.startsWith('/compat/spaces') ? token : path.startsWith('/v1/namespaces') ? ADMIN_KEY : p.admin);
const NDJSON = { type: 'application/x-ndjson', data: '{"input":"x"}\n' };
const asJson = (body: unknown) => ({ type: 'application/json', data: JSON.stringify(body) });

/** A number a request can carry: a path or query parameter, or a place in the JSON body. */
interface Target {
  route: string;
  path: string;
  method: string;
  op: any;
  param?: Schema;
  place: Place;
}

function targets(): Target[] {
  return Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).flatMap(([lower, op]) => {
      const method = lower.toUpperCase();
      const route = `${method} ${path}`;
      const params: Schema[] = op.parameters ?? [];
      const json = op.requestBody?.content?.['application/json']?.schema;
      return [
        ...params
          .filter((x) => x.in !== 'header' && numeric(resolve(x.schema)))
          .map((param) => ({ route, path, method, op, param, place: [] })),
        ...(json ? numberPlaces(json).map((place) => ({ route, path, method, op, place })) : []),
      ];
    }),
  );
}

/**
 * The requests carrying `value` at a target, on real objects: in each valid body of
 * the route; or, for a parameter, beside a body that lets it be read (NDJSON where the
 * route takes it, as its query then applies).
 */
function requests({ route, path, op, param, place }: Target, value: number): { url: string; raw?: { type: string; data: string } }[] {
  const params: Schema[] = op.parameters ?? [];
  const content = op.requestBody?.content ?? {};
  const query = new URLSearchParams(
    params
      .filter((x) => x.in === 'query' && x.required)
      .map((x): [string, string] => [x.name, x.name === 'base' || x.name === 'head' ? real.runs : '1']),
  );
  if (param?.in === 'query') query.set(param.name, String(value));
  const url = `${fill(path, params, param?.in === 'path' ? { [param.name]: String(value) } : {})}?${query.toString()}`;
  if (!param) return BODIES[route]().map((body) => ({ url, raw: asJson(placed(body, place, value)) }));
  if (content[NDJSON.type]) return [{ url, raw: NDJSON }];
  if (content['application/json']) return [{ url, raw: asJson(BODIES[route]?.()[0] ?? {}) }];
  return [{ url }];
}

describe(`integers past the stores' columns, on every route (${DIALECT})`, () => {
  it('answers every number a request can carry, however large, with a declared 4xx or success', async () => {
    let sent = 0;
    for (const target of targets()) {
      const { route, method, path, op, param, place } = target;
      const send = ({ url, raw }: ReturnType<typeof requests>[number]) => server.request(method, url, { key: keyFor(path), raw });
      if (!param) {
        if (!BODIES[route]) throw new Error(`no valid body for ${route}, whose body holds numbers: add one to BODIES`);
        // With a small number there the bodies are valid, so the large ones below reach the route, not only its validation.
        const statuses = await Promise.all(requests(target, 1).map(async (request) => (await send(request)).status));
        expect(
          statuses.some((status) => status !== 400 && status !== 422),
          `${route} ${place.join('.')}: ${statuses.join(', ')}`,
        ).toBe(true);
      }
      for (const value of HUGE) {
        for (const request of requests(target, value)) {
          const res = await send(request);
          sent += 1;
          const where = `${method} ${request.url} ${request.raw?.data.slice(0, 300) ?? ''} -> ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, where).toBeLessThan(500);
          expect(Object.keys(op.responses), where).toContain(String(res.status));
        }
      }
    }
    expect(sent).toBeGreaterThan(300);
  }, 600_000);
});
