import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Role probes generated from the route table (a read key on every write, a project
 * key on every instance-admin route, a write key on key management), and
 * mass-assignment probes (server-owned fields in bodies).
 */

const server = useServer();
let p: ProjectKeys;
const ids: Record<string, string> = {};

beforeAll(async () => {
  p = await server.project('roles');
  const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'mine' } })).body;
  ids.dataset = ds.id;
  ids.seq = String(ds.seq);
  await server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: p.write, body: { add: [{ input: 'x' }] } });
  ids.datapoint = (await server.request('GET', `/v1/datasets/${ds.id}/datapoints`, { key: p.read })).body.data[0].id;
  ids.collection = (await server.request('POST', '/v1/collections', { key: p.write, body: { name: 'c', members: ['m'] } })).body.id;
  ids.job = (await server.request('POST', '/v1/jobs', { key: p.write, body: { name: 'j', kind: 'training' } })).body.id;
  ids.run = (
    await server.request('POST', '/v1/runs', {
      key: p.write,
      body: { dataset_id: ds.id, run_type: 'DATASET', run_source: 'API', threshold: 1 },
    })
  ).body.id;
  ids.container = (await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'c' } })).body.id;
  ids.share = (await server.request('POST', `/v1/datasets/${ds.id}/shares`, { key: p.write, body: { public: true } })).body.id;
  ids.key = (await server.request('GET', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`)).body.data[0].id;
});

function fill(url: string): string {
  const resource = /^\/v1\/(collections|jobs|runs|containers)/.exec(url)?.[1];
  const byResource: Record<string, string> = { collections: ids.collection, jobs: ids.job, runs: ids.run, containers: ids.container };
  const values: Record<string, string> = {
    ns: p.ns,
    slug: p.ns,
    project: p.project,
    projectSlug: p.project,
    name: 'mine',
    datapoint_id: ids.datapoint,
    version: '1',
    share_id: ids.share,
    dataset_id: url.startsWith('/compat/evals') ? ids.seq : ids.dataset,
    id: url.includes('api-keys') ? ids.key : resource ? byResource[resource] : ids.dataset,
  };
  return url.replace(/:(\w+)/g, (_, name: string) => values[name]);
}

/** What a refused write must leave as it was. */
async function snapshot(): Promise<string> {
  const get = async (path: string) => (await server.request('GET', path, { key: p.admin })).text;
  return JSON.stringify(
    await Promise.all([
      get('/v1/datasets?limit=1000'),
      get('/v1/collections?limit=1000'),
      get(`/v1/datasets/${ids.dataset}/versions`),
      get('/v1/jobs'),
      get('/v1/metrics'),
      get(`/v1/datasets/${ids.dataset}/shares`),
      get(`/v1/namespaces/${p.ns}/projects/${p.project}/api-keys?limit=1000`),
    ]),
  );
}

describe(`roles (${DIALECT})`, () => {
  it('refuses every write to a read key, every instance route to a project key, key management to a write key', async () => {
    // Datasets say how far search indexing has got: let it finish, so only a write could change what is read.
    await server.store.searchIndex.drain();
    const before = await snapshot();
    const readToken = (await server.request('POST', '/v1/auth/token', { key: p.read })).body.access_token;
    const routes = server.app.routeTable.filter((r) => !r.hidden && (r.url.startsWith('/v1') || r.url.startsWith('/compat')));
    let probed = 0;
    for (const { method, url, access } of routes) {
      const path = fill(url);
      const refusals: string[] = [];
      if (access === 'write') refusals.push(url.startsWith('/compat/spaces') ? readToken : p.read);
      if (access === 'admin') refusals.push(p.admin);
      if (url.includes('api-keys')) refusals.push(p.write, p.read);
      for (const key of refusals) {
        // Any body at all: the role is checked before the body is read (key management, in the domain, after it is valid).
        const body = url.endsWith('/api-keys') ? { name: 'probe', role: 'admin' } : { anything: true };
        const res = await server.request(method, path, { key, body: method === 'GET' || method === 'DELETE' ? undefined : body });
        expect(res.status, `${method} ${url}`).toBe(403);
        probed++;
      }
    }
    expect(probed).toBeGreaterThan(40);
    expect(await snapshot()).toBe(before);
  });

  it('lets each role do what it may', async () => {
    expect((await server.request('GET', `/v1/datasets/${ids.dataset}`, { key: p.read })).status).toBe(200);
    expect((await server.request('PATCH', `/v1/datasets/${ids.dataset}`, { key: p.write, body: { description: 'd' } })).status).toBe(200);
    expect((await server.request('GET', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, { key: p.admin })).status).toBe(200);
    expect((await server.request('GET', '/v1/namespaces', { key: p.admin })).status).toBe(403);
  });
});

describe(`mass assignment (${DIALECT})`, () => {
  const owned = {
    id: '00000000-0000-4000-8000-000000000001',
    seq: 99,
    head_version: 7,
    datapoint_count: 5,
    owner_user_id: '00000000-0000-4000-8000-000000000002',
    created_at: '2000-01-01T00:00:00.000Z',
    project_id: '00000000-0000-4000-8000-000000000003',
  };

  it('refuses server-owned fields on the native API', async () => {
    const attempts = [
      await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'owned', ...owned } }),
      await server.request('PATCH', `/v1/datasets/${ids.dataset}`, { key: p.write, body: { head_version: 9 } }),
      await server.request('POST', `/v1/datasets/${ids.dataset}/versions`, {
        key: p.write,
        body: { add: [{ input: 'x', seq: 1, version: 3, created_at: owned.created_at }] },
      }),
      await server.request('POST', '/v1/runs', {
        key: p.write,
        body: {
          dataset_id: ids.dataset,
          run_type: 'DATASET',
          run_source: 'API',
          threshold: 1,
          user_id: owned.owner_user_id,
          api_key_id: 'x',
        },
      }),
      await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, {
        key: p.admin,
        body: { name: 'k', hash: 'h', prefix: 'ds_x', project_id: owned.project_id },
      }),
      await server.request('POST', '/v1/collections', { key: p.write, body: { name: 'c', member_count: 3, id: owned.id } }),
    ];
    for (const res of attempts) {
      expect(res.status, res.text).toBe(422);
      expect(
        res.body.errors.some((e: any) => e.message === 'is not a known field'),
        res.text,
      ).toBe(true);
    }
    expect((await server.request('GET', `/v1/datasets/${ids.dataset}`, { key: p.read })).body.head_version).toBe(1);
  });

  it('ignores them on the surfaces whose originals ignore unknown fields, keeping its own values', async () => {
    const versioned = await server.request('POST', '/compat/versioned/api/datasets/', {
      key: p.write,
      body: { name: 'v-owned', datapoints: [], version: 9, id: owned.id, created_at: owned.created_at },
    });
    expect(versioned.status).toBe(201);
    expect(versioned.body.id).not.toBe(owned.id);
    expect(versioned.body.version).toBe(1);
    expect(versioned.body.created_at).not.toBe(owned.created_at);

    const token = (await server.request('POST', '/v1/auth/token', { key: p.write })).body.access_token;
    const spaces = await server.request('POST', `/compat/spaces/namespaces/${p.ns}/projects/${p.project}/datasets`, {
      key: token,
      body: { name: 's-owned', id: owned.id, projectId: owned.project_id, createdAt: owned.created_at },
    });
    expect(spaces.status).toBe(201);
    expect(spaces.body).toMatchObject({ projectId: p.projectId });
    expect(spaces.body.id).not.toBe(owned.id);

    const gateway = await server.request('POST', '/compat/gateway/v1/datasets', {
      key: p.write,
      body: { name: 'g-owned', container: ids.container, size: 1, project_id: owned.project_id, id: owned.id },
    });
    expect(gateway.status).toBe(422);
  });
});
