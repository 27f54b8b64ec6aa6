import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Every route that creates a dataset goes through one domain call: the same rules,
 * the same owner, the same conflict, whichever surface it comes from.
 */

const server = useServer();
let p: ProjectKeys;
let userKey: string;
let userId: string;
let token: string;

beforeAll(async () => {
  p = await server.project('creation');
  userId = (await server.request('POST', '/v1/users', { body: { email: 'maker@creation.test' } })).body.id;
  await server.request('POST', `/v1/namespaces/${p.ns}/members`, { body: { user_id: userId, role: 'member' } });
  userKey = (
    await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, {
      key: ADMIN_KEY,
      body: { name: 'maker', user_id: userId },
    })
  ).body.key;
  token = (await server.request('POST', '/v1/auth/token', { key: userKey })).body.access_token;
  await server.request('POST', '/v1/containers', { key: p.write, body: { label: 'prod' } });
  await server.request('POST', '/v1/containers/prod/events', {
    key: p.write,
    body: [{ model_name: 'm', status: 'ok', input: 'q', output: 'a' }],
  });
});

/** A dataset made from a file in one request (`datashelf import --create`). */
const importNew = (name: string, rows: string, key = userKey) =>
  server.request('POST', `/v1/datasets/imports?format=jsonl&name=${encodeURIComponent(name)}`, {
    key,
    raw: { type: 'application/x-ndjson', data: rows },
  });

/** Each creating route, as a client of it would create a dataset named `name`. */
const ROUTES: Record<string, (name: string) => Promise<{ status: number; body: any }>> = {
  'POST /v1/datasets': (name) => server.request('POST', '/v1/datasets', { key: userKey, body: { name } }),
  'POST /v1/datasets/imports': (name) => importNew(name, '{"input":"q"}\n'),
  'POST /v1/datasets (cut)': (name) => server.request('POST', '/v1/datasets', { key: userKey, body: { name, container: 'prod', size: 5 } }),
  'POST /compat/versioned/api/datasets/': (name) =>
    server.request('POST', '/compat/versioned/api/datasets/', { key: userKey, body: { name, datapoints: [] } }),
  'POST /compat/spaces/…/datasets': (name) =>
    server.request('POST', `/compat/spaces/namespaces/${p.ns}/projects/${p.project}/datasets`, { key: token, body: { name } }),
  'POST /compat/gateway/v1/datasets': (name) =>
    server.request('POST', '/compat/gateway/v1/datasets', { key: userKey, body: { name, container: 'prod', size: 5 } }),
};

const named = async (name: string) =>
  (await server.request('GET', `/v1/datasets?search=${encodeURIComponent(name)}&limit=1000`, { key: p.read })).body.data.filter(
    (d: any) => d.name === name,
  );

describe(`one dataset-creation path (${DIALECT})`, () => {
  it("makes the caller's user the owner, on every creating route", async () => {
    for (const [route, create] of Object.entries(ROUTES)) {
      const name = `owned by ${route}`;
      expect((await create(name)).status, route).toBe(201);
      const [dataset] = await named(name);
      expect(dataset?.owner_user_id, route).toBe(userId);
    }
  });

  it('answers a taken name with the conflict it is, on every route that refuses one', async () => {
    await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'taken' } });
    for (const [route, create] of Object.entries(ROUTES)) {
      if (route.includes('versioned')) continue; // publishing by name makes the next version instead
      const res = await create('taken');
      expect(res.status, route).toBe(409);
      expect(JSON.stringify(res.body), route).toContain('already exists');
    }
    expect(await named('taken')).toHaveLength(1);
  });

  it("gives an artifact dataset without a path its repository's, whether created or cut, and refuses one whose name cannot be a path", async () => {
    const create = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'no-path', type: 'lerobot_v3' } });
    const cut = await server.request('POST', '/v1/datasets', {
      key: p.write,
      body: { name: 'no-path-cut', type: 'lerobot_v3', container: 'prod', size: 1 },
    });
    expect(create).toMatchObject({ status: 201, body: { type: 'lerobot_v3', path: `${p.ns}/no-path` } });
    expect(cut).toMatchObject({ status: 201, body: { type: 'lerobot_v3', path: `${p.ns}/no-path-cut`, cut_size: 1 } });
    const unnamed = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'no path', type: 'lerobot_v3' } });
    const unnamedCut = await server.request('POST', '/v1/datasets', {
      key: p.write,
      body: { name: 'no path cut', type: 'lerobot_v3', container: 'prod', size: 1 },
    });
    for (const res of [unnamed, unnamedCut]) {
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual([{ field: 'body/path', message: 'is required for type lerobot_v3' }]);
    }
    expect([...(await named('no path')), ...(await named('no path cut'))]).toEqual([]);
    const withPath = await server.request('POST', '/v1/datasets', {
      key: p.write,
      body: { name: 'cut-artifact', type: 'lerobot_v3', path: 'org/robot', container: 'prod', size: 1 },
    });
    expect(withPath.status).toBe(201);
    expect(withPath.body).toMatchObject({ type: 'lerobot_v3', path: 'org/robot', cut_size: 1, head_version: 1 });
  });

  it('refuses a change of type that would leave an artifact without a path, and gives it its own when it can', async () => {
    const ds = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'plain one' } })).body;
    const res = await server.request('PATCH', `/v1/datasets/${ds.id}`, { key: p.write, body: { type: 'sarm_progress' } });
    expect(res.status).toBe(422);
    expect((await server.request('GET', `/v1/datasets/${ds.id}`, { key: p.read })).body.type).toBe('custom');
    const renamed = await server.request('PATCH', `/v1/datasets/${ds.id}`, {
      key: p.write,
      body: { type: 'sarm_progress', name: 'plain' },
    });
    expect(renamed).toMatchObject({ status: 200, body: { type: 'sarm_progress', name: 'plain', path: `${p.ns}/plain` } });
  });

  it('makes a dataset and its first version from a file at once: a refused file leaves no dataset, live or deleted, and its name free', async () => {
    const made = await importNew('from-file', '{"input":"a"}\n{"input":"b"}\n', p.write);
    expect(made).toMatchObject({ status: 201, body: { version: 1, added: 2, datapoint_count: 2 } });
    expect(await named('from-file')).toEqual([expect.objectContaining({ id: made.body.dataset_id, head_version: 1, datapoint_count: 2 })]);

    const refused = await importNew('never-made', '{"input":1}\n{"input":2,"persona":7}\n', p.write);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toBe('line 2/persona must be string,null');
    expect(await named('never-made')).toEqual([]);
    // Never made, so never deleted either: no row at all, and no making in the audit log.
    expect(await server.store.db.selectFrom('datasets').select('id').where('name', '=', 'never-made').execute()).toEqual([]);
    const audit = (await server.request('GET', '/v1/audit?limit=1000', { key: p.admin })).body.data;
    expect(audit.filter((entry: any) => entry.detail?.name === 'never-made')).toEqual([]);
    expect((await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'never-made' } })).status).toBe(201);
  });

  it('refuses an import that sends no file before making anything', async () => {
    const res = await server.request('POST', '/v1/datasets/imports?format=jsonl&name=no-file', { key: p.write });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('send the file as the request body');
    expect(await named('no-file')).toEqual([]);
  });
});
