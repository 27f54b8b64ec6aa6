import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, startServer, type ProjectKeys, type TestServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

let server: TestServer;
let p: ProjectKeys;
let routes: [string, string][];
let token: string;
/** Real ids and names of the project, so the random requests also reach past the lookups. */
const real: string[] = [];

beforeAll(async () => {
  server = await startServer();
  p = await makeProject(server, 'fuzz');
  token = (await server.request('POST', '/v1/auth/token', { key: p.admin })).body.access_token;
  const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'fuzzed' } })).body;
  await server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body: { add: [{ input: 'x' }] } });
  const dp = (await server.request('GET', `/v1/datasets/${ds.id}/datapoints`, { key: p.read })).body.data[0];
  const container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'c' } })).body;
  real.push(ds.id, String(ds.seq), 'fuzzed', dp.id, container.id, 'c', p.ns, p.project, '1', '0');
  const spec = (await server.request('GET', '/openapi.json', { key: null })).body;
  routes = Object.entries(spec.paths as Record<string, object>).flatMap(([path, methods]) => Object.keys(methods).map((m) => [m.toUpperCase(), path] as [string, string]));
});
afterAll(() => server.close());

const oddValue = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string({ maxLength: 20 }), fc.constant(''), fc.constant('-1'),
  fc.constant('00000000-0000-0000-0000-000000000000'), fc.constant('%00'), fc.constant('9'.repeat(30)), fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
);

describe(`no input makes a 500 (${DIALECT})`, () => {
  it('answers random paths, queries and bodies on every documented route with a 2xx or 4xx', async () => {
    expect(routes.length).toBeGreaterThan(40);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.oneof(oddValue, fc.constantFrom(...real), fc.constantFrom(...real)), { minLength: 4, maxLength: 4 }),
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'page', 'page_size', 'version', 'filters', 'shared', 'offset', 'sort', 'search', 'ordering', 'from', 'to'), oddValue, { maxKeys: 4 }),
        oddValue,
        async (pick, params, query, body) => {
          const [method, template] = routes[pick % routes.length];
          let i = 0;
          const text = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
          const path = template.replace(/\{[^}]+\}/g, () => encodeURIComponent(text(params[i++ % params.length])));
          const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, text(v)])).toString();
          const key = path.startsWith('/compat/spaces') ? token : p.admin;
          const res = await server.request(method, `${path}${search ? `?${search}` : ''}`, {
            key,
            raw: method === 'GET' || method === 'DELETE' ? undefined : { type: 'application/json', data: JSON.stringify(body) },
          });
          expect(res.status, `${method} ${path}?${search} ${JSON.stringify(body)} -> ${res.text.slice(0, 300)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 400 },
    );
  });
});
