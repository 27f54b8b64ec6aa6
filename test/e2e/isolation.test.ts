import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, startServer, type ProjectKeys, type TestServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

let server: TestServer;
let a: ProjectKeys;
let b: ProjectKeys;
const ids: Record<string, string> = {};

beforeAll(async () => {
  server = await startServer();
  a = await makeProject(server, 'iso-a');
  b = await makeProject(server, 'iso-b');
  const ds = await server.request('POST', '/v1/datasets', { key: a.write, body: { name: 'secret' } });
  ids.dataset = ds.body.id;
  await server.request('POST', `/v1/datasets/${ids.dataset}/versions`, { key: a.write, body: { add: [{ input: 'private' }] } });
  ids.datapoint = (await server.request('GET', `/v1/datasets/${ids.dataset}/datapoints`, { key: a.read })).body.data[0].id;
  ids.collection = (await server.request('POST', '/v1/collections', { key: a.write, body: { name: 'c', dataset_id: ids.dataset, members: ['m'] } })).body.id;
  ids.job = (await server.request('POST', '/v1/jobs', { key: a.write, body: { name: 'train', kind: 'training' } })).body.id;
  await server.request('POST', `/v1/jobs/${ids.job}/datasets`, { key: a.write, body: { dataset_id: ids.dataset, direction: 'input' } });
  const dataset = await server.request('GET', `/v1/datasets/${ids.dataset}`, { key: a.read });
  ids.seq = String(dataset.body.seq);
  ids.share = (await server.request('POST', `/v1/datasets/${ids.dataset}/shares`, { key: a.write, body: { namespace: a.ns } })).body.id;
  ids.run = (await server.request('POST', '/v1/runs', { key: a.write, body: { dataset_id: ids.dataset, run_type: 'DATASET', run_source: 'API', threshold: 50 } })).body.id;
  ids.container = (await server.request('POST', '/v1/containers', { key: a.write, body: { label: 'prod' } })).body.id;
  const keys = await server.request('GET', `/v1/namespaces/${a.ns}/projects/${a.project}/api-keys`);
  ids.key = keys.body.data[0].id;
});
afterAll(() => server.close());

/** Bodies that would be valid for project A, so only isolation can refuse them. */
const BODIES: Record<string, object | object[]> = {
  'POST /v1/datasets/{id}/versions': { add: [{ input: 'x' }] },
  'PATCH /v1/datasets/{id}': { name: 'stolen' },
  'PATCH /v1/collections/{id}': { name: 'stolen' },
  'POST /v1/collections/{id}/members': { members: ['x'] },
  'DELETE /v1/collections/{id}/members': { members: ['m'] },
  'POST /v1/namespaces/{ns}/projects/{project}/api-keys': { name: 'stolen' },
  'POST /v1/namespaces/{ns}/projects': { slug: 'stolen', name: 'x' },
  'PATCH /compat/versioned/api/datasets/{id}/': { name: 'stolen' },
  'POST /v1/containers/{id}/events': [{ model_name: 'm', status: 'ok', input: 'i', output: 'o' }],
  'POST /v1/namespaces/{ns}/members': { user_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', role: 'member' },
  'POST /v1/datasets/{id}/shares': { public: true },
  'POST /v1/runs/{id}/evaluations': [{ record_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', metric_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', result: 1, threshold: 1 }],
  'POST /v1/jobs/{id}/datasets': { dataset_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', direction: 'input' },
  'POST /compat/spaces/namespaces/{slug}/projects/{projectSlug}/datasets': { name: 'planted' },
  'PATCH /compat/spaces/namespaces/{slug}/projects/{projectSlug}/datasets/{name}': { name: 'stolen' },
};
const QUERIES: Record<string, string> = { 'GET /v1/datasets/{id}/diff': '?from=0&to=1' };

function fill(path: string): string {
  const idOf = path.startsWith('/v1/collections') ? ids.collection : path.startsWith('/v1/jobs') ? ids.job : path.startsWith('/v1/runs') ? ids.run : path.startsWith('/v1/containers') ? ids.container : path.includes('api-keys') ? ids.key : ids.dataset;
  return path
    .replace('{ns}', a.ns)
    .replace('{slug}', a.ns)
    .replace('{project}', a.project)
    .replace('{projectSlug}', a.project)
    .replace('{name}', 'secret')
    .replace('{datapoint_id}', ids.datapoint)
    .replace('{version}', '1')
    .replace('{share_id}', ids.share)
    .replace('{dataset_id}', ids.seq)
    .replace('{id}', idOf);
}

describe(`cross-project isolation (${DIALECT})`, () => {
  it("answers 404 to another project's key on every route that names an object", async () => {
    const spec = (await server.request('GET', '/openapi.json', { key: null })).body;
    const routes = Object.entries(spec.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.includes('{'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(15);
    // The spaces surface authenticates with a JWT issued for the key.
    const bToken = (await server.request('POST', '/v1/auth/token', { key: b.admin })).body.access_token;
    for (const route of routes) {
      const [method, path] = route.split(' ');
      if (method !== 'GET' && method !== 'DELETE' && !BODIES[route]) throw new Error(`no isolation body for ${route}: add one to BODIES`);
      const key = path.startsWith('/compat/spaces') ? bToken : b.admin;
      const res = await server.request(method, fill(path) + (QUERIES[route] ?? ''), { key, body: BODIES[route] });
      const instanceOnly = path.startsWith('/v1/namespaces/{ns}') && !path.includes('api-keys');
      expect(res.status, route).toBe(instanceOnly ? 403 : 404);
    }
    // Nothing of A was changed by any of it.
    const ds = await server.request('GET', `/v1/datasets/${ids.dataset}`, { key: a.read });
    expect(ds.body).toMatchObject({ name: 'secret', head_version: 1 });
    expect((await server.request('GET', `/v1/collections/${ids.collection}`, { key: a.read })).body.member_count).toBe(1);
    expect((await server.request('GET', '/v1/datasets', { key: a.read })).status).toBe(200);
  });

  it("never lists another project's objects", async () => {
    expect((await server.request('GET', '/v1/datasets', { key: b.read })).body.data).toEqual([]);
    expect((await server.request('GET', '/v1/collections', { key: b.read })).body.data).toEqual([]);
    expect((await server.request('GET', `/v1/collections?dataset_id=${ids.dataset}`, { key: b.read })).body.data).toEqual([]);
    const create = await server.request('POST', '/v1/collections', { key: b.write, body: { name: 'x', dataset_id: ids.dataset } });
    expect(create.status).toBe(404);
  });
});
