import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.js';
import { INSTANCE } from '../../src/domain/caller.js';
import { createServices } from '../../src/domain/services.js';
import { conformance } from '../helpers/maniac-schemas.js';
import { fixedClock, type ProjectKeys, type Response, startServer, TEST_JWT, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let container: string;
const G = '/compat/gateway/v1/datasets';

beforeAll(async () => {
  p = await server.project('gateway');
  container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'support-bot' } })).body.id;
  const events = Array.from({ length: 12 }, (_, i) => ({
    model_name: i % 3 ? 'gpt-4o' : 'llama',
    status: i % 4 ? 'ok' : 'error',
    input: `q${i}`,
    output: `a${i}`,
    latency_ms: 100 * i,
    created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    attributes: { tier: i % 2 ? 'gold' : 'free' },
  }));
  await server.request('POST', `/v1/containers/${container}/events`, { key: p.write, body: events });
});

/** Calls the surface and checks the response against the published document. */
async function call(
  method: string,
  path: string,
  options: { body?: object; key?: string | null } = {},
  spec = path.includes('/datasets/') ? '/v1/datasets/{dataset_id}' : '/v1/datasets',
): Promise<Response> {
  const res = await server.request(method, `/compat/gateway${path}`, {
    key: options.key === undefined ? p.write : options.key,
    body: options.body,
  });
  expect(conformance(spec, method, res.status, res.body), `${method} ${path} -> ${res.status} ${res.text}`).toEqual([]);
  return res;
}

describe(`gateway surface (${DIALECT})`, () => {
  it('creates datasets from telemetry by filters and reads them back as documented', async () => {
    const created = await call('POST', '/v1/datasets', {
      body: {
        name: 'gold-ok',
        description: 'gold tier successes',
        container: 'support-bot',
        size: 3,
        filters: [
          { key: 'status', operator: 'equals', value: 'ok' },
          { key: 'attributes.tier', operator: 'equals', value: 'gold' },
        ],
        tags: ['gold'],
        metadata: { team: 'support' },
      },
    });
    expect(created.status).toBe(201);
    const got = await call('GET', `/v1/datasets/${created.body.id}`);
    expect(got.body).toEqual({
      id: created.body.id,
      object: 'dataset',
      name: 'gold-ok',
      description: 'gold tier successes',
      user_id: null,
      project_id: p.projectId,
      org_id: null,
      container_id: container,
      requested_size: 3,
      size: 3,
      filters: [
        { key: 'status', operator: 'equals', value: 'ok' },
        { key: 'attributes.tier', operator: 'equals', value: 'gold' },
      ],
      created_at: expect.any(String),
      tags: ['gold'],
      metadata: { team: 'support' },
    });
    const points = await server.request('GET', `/v1/datasets/${created.body.id}/datapoints`, { key: p.read });
    expect(points.body.data.map((d: any) => d.input)).toEqual(['q11', 'q9', 'q7']);
  });

  it('lists with limit, offset and a container filter by id or label', async () => {
    const q = await server.project('gateway-list');
    const c = (await server.request('POST', '/v1/containers', { key: q.write, body: { label: 'c1' } })).body.id;
    await server.request('POST', '/v1/containers', { key: q.write, body: { label: 'c2' } });
    for (const [name, label] of [
      ['one', 'c1'],
      ['two', 'c2'],
      ['three', 'c1'],
    ]) {
      await server.request('POST', `${G}`, { key: q.write, body: { name, container: label, size: 1 } });
    }
    await server.request('POST', '/v1/datasets', { key: q.write, body: { name: 'native' } });
    const list = (query: string) => call('GET', `/v1/datasets${query}`, { key: q.read });
    const all = await list('');
    expect(all.body).toMatchObject({ object: 'list', total: 4 });
    expect(all.body.data.map((d: any) => d.name)).toEqual(['native', 'three', 'two', 'one']);
    expect(all.body.data[0]).toMatchObject({ container_id: null, filters: null, requested_size: null, size: 0 });
    expect((await list('?limit=2&offset=1')).body.data.map((d: any) => d.name)).toEqual(['three', 'two']);
    expect((await list('?offset=10')).body).toEqual({ object: 'list', data: [], total: 4 });
    expect((await list('?container=c1')).body.data.map((d: any) => d.name)).toEqual(['three', 'one']);
    expect((await list(`?container=${c}`)).body.total).toBe(2);
    expect((await list('?container=nope')).body).toEqual({ object: 'list', data: [], total: 0 });
  });

  it('answers every error in the documented shape', async () => {
    expect((await call('GET', '/v1/datasets', { key: null })).status).toBe(401);
    expect((await call('GET', '/v1/datasets', { key: 'ds_wrong' })).status).toBe(401);
    expect((await call('POST', '/v1/datasets', { key: p.read, body: { name: 'ro', container: 'support-bot', size: 1 } })).status).toBe(403);
    expect((await call('GET', '/v1/datasets/6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b')).status).toBe(404);
    expect((await call('GET', '/v1/datasets/not-a-uuid')).status).toBe(404);
    expect((await call('POST', '/v1/datasets', { body: { name: 'x', container: 'nowhere', size: 1 } })).status).toBe(404);
    await call('POST', '/v1/datasets', { body: { name: 'dup', container: 'support-bot', size: 1 } });
    const dup = await call('POST', '/v1/datasets', { body: { name: 'dup', container: 'support-bot', size: 1 } });
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('conflict');

    const invalid = async (path: string, body?: object) => {
      const res = await call(body ? 'POST' : 'GET', path, { body });
      expect(res.status, path).toBe(422);
      return res.body.detail;
    };
    expect((await invalid('/v1/datasets?limit=0'))[0].loc).toEqual(['query', 'limit']);
    expect((await invalid('/v1/datasets?limit=101'))[0].loc).toEqual(['query', 'limit']);
    expect((await invalid('/v1/datasets?offset=-1'))[0].loc).toEqual(['query', 'offset']);
    const base = { name: 'bad', container: 'support-bot', size: 1 };
    expect((await invalid('/v1/datasets', { ...base, size: 0 }))[0]).toMatchObject({ loc: ['body', 'size'], type: 'greater_than' });
    expect((await invalid('/v1/datasets', { ...base, colour: 'red' }))[0]).toMatchObject({
      loc: ['body', 'colour'],
      type: 'extra_forbidden',
    });
    expect((await invalid('/v1/datasets', { name: 'bad', size: 1 }))[0]).toMatchObject({ loc: ['body', 'container'], type: 'missing' });
    expect((await invalid('/v1/datasets', { ...base, filters: [{ key: 'status', operator: 'like', value: 'x' }] }))[0].loc).toEqual([
      'body',
      'filters',
      0,
      'operator',
    ]);
    expect(
      (
        await invalid('/v1/datasets', {
          ...base,
          filters: [
            { key: 'status', operator: 'equals', value: 'ok' },
            { key: 'latency_ms', operator: 'greater_than', value: 'slow' },
          ],
        })
      )[0].loc,
    ).toEqual(['body', 'filters', 1, 'value']);
    expect((await invalid('/v1/datasets', { ...base, filters: [{ key: 'status', operator: 'between', value: [1] }] }))[0].loc).toEqual([
      'body',
      'filters',
      0,
      'value',
    ]);
    expect((await server.request('GET', '/v1/datasets?search=bad', { key: p.read })).body.data).toEqual([]);

    // FastAPI answers a body that is not JSON as a validation error at the character the parser stopped.
    const malformed = await server.request('POST', G, { key: p.write, raw: { type: 'application/json', data: '{"name": ' } });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toEqual({
      detail: [{ type: 'json_invalid', loc: ['body', 9], msg: 'JSON decode error', input: {}, ctx: { error: 'Expecting value' } }],
    });
    expect(conformance('/v1/datasets', 'POST', 422, malformed.body)).toEqual([]);
  });

  it("keeps other projects' datasets and containers out of reach", async () => {
    const other = await server.project('gateway-other');
    const mine = (await call('POST', '/v1/datasets', { body: { name: 'mine', container: 'support-bot', size: 2 } })).body.id;
    expect((await call('GET', `/v1/datasets/${mine}`, { key: other.read })).status).toBe(404);
    expect((await call('GET', '/v1/datasets', { key: other.read })).body).toEqual({ object: 'list', data: [], total: 0 });
    expect((await call('GET', `/v1/datasets?container=${container}`, { key: other.read })).body.total).toBe(0);
    expect((await call('POST', '/v1/datasets', { key: other.write, body: { name: 'steal', container, size: 2 } })).status).toBe(404);
  });
});

describe(`rate limits (${DIALECT})`, () => {
  it('carries the limit headers and answers 429 with Retry-After past the limit, on the surface and /v1', async () => {
    const clock = fixedClock();
    const limited = await startServer({ rateLimit: { limit: 3, windowSeconds: 60 }, clock });
    try {
      // Set up through the domain, so the budget of 3 is all the test's.
      const tenancy = createServices(limited.store, { jwt: TEST_JWT, rateLimit: { limit: 0, windowSeconds: 60 } }).tenancy;
      await tenancy.createNamespace({ slug: 'limited', name: 'limited' });
      const project = await tenancy.createProject('limited', { slug: 'p', name: 'p' });
      const { key } = await tenancy.createKey(INSTANCE, { namespace: 'limited', project: project.slug }, { name: 'k', role: 'read' });
      for (let i = 0; i < 3; i++) {
        const res = await limited.request('GET', '/compat/gateway/v1/datasets', { key });
        expect(res.status).toBe(200);
        expect(res.headers.get('x-ratelimit-limit')).toBe('3');
        expect(res.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
        const reset = Number(res.headers.get('x-ratelimit-reset'));
        // The window of the server's clock: it ends at the next whole minute.
        expect(reset).toBe(Math.ceil(clock.ms() / 60_000) * 60);
      }
      const over = await limited.request('GET', '/compat/gateway/v1/datasets', { key });
      expect(over.status).toBe(429);
      expect(over.headers.get('retry-after')).toBe('30');
      expect(conformance('/v1/datasets', 'GET', 429, over.body)).toEqual([]);
      expect(over.body.error.code).toBe('rate_limited');
      const native = await limited.request('GET', '/v1/datasets', { key });
      expect(native.status).toBe(429);
      expect(native.headers.get('content-type')).toContain('application/problem+json');
      expect((await limited.request('GET', '/healthz', { key })).status).toBe(200);
      const fresh = await limited.request('GET', '/v1/datasets', { key: 'ds_another-key' });
      expect(fresh.status).toBe(401);
      expect(fresh.headers.get('x-ratelimit-remaining')).toBe('2');
    } finally {
      await limited.close();
    }
  });

  it.runIf(DIALECT === 'postgres')('shares the counts between instances on one PostgreSQL', async () => {
    const clock = fixedClock();
    const first = await startServer({ rateLimit: { limit: 4, windowSeconds: 60 }, clock });
    const services = createServices(first.store, { jwt: TEST_JWT, rateLimit: { limit: 4, windowSeconds: 60 }, clock });
    const second = await buildApp({ services, logLevel: 'silent' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push((await first.request('GET', '/v1/datasets', { key: 'ds_shared' })).status);
        statuses.push(
          (await second.inject({ method: 'GET', url: '/v1/datasets', headers: { authorization: 'Bearer ds_shared' } })).statusCode,
        );
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
