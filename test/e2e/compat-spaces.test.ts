import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { TEST_JWT, makeProject, startServer, type ProjectKeys, type TestServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

let server: TestServer;
let p: ProjectKeys;
let token: string;
let statements: string[] = [];

beforeAll(async () => {
  server = await startServer({ onQuery: (sql) => statements.push(sql) });
  p = await makeProject(server, 'spaces');
  token = await tokenFor(p.write);
});
afterAll(() => server.close());

async function tokenFor(key: string): Promise<string> {
  const res = await server.request('POST', '/v1/auth/token', { key });
  expect(res.status).toBe(200);
  return res.body.access_token;
}

const path = (rest = '', ns = p.ns, project = p.project) => `/compat/spaces/namespaces/${ns}/projects/${project}/datasets${rest}`;
const call = (method: string, rest = '', body?: object, jwt = token) => server.request(method, path(rest), { key: jwt, body });

/**
 * Runs a call and returns how many SQL statements it made, leaving out the check that
 * the token's key is live: authentication's, cached, so at most one a second per key.
 */
/** The sweep for stalled imports runs in the background and may land in any request's window (the search indexer is paused below). */
const SWEEP = /^select "seq", "staged_version", "staged_by" from "datasets"/;

async function counted(fn: () => Promise<unknown>): Promise<number> {
  statements = [];
  await fn();
  return statements.filter((sql) => !/from "api_keys"/.test(sql) && !SWEEP.test(sql)).length;
}

/** The id of the key a token was minted for. */
const keyIdOf = (jwt: string): string => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString()).sub;

describe(`spaces surface (${DIALECT})`, () => {
  it('issues short-lived tokens for API keys', async () => {
    const res = await server.request('POST', '/v1/auth/token', { key: p.read });
    expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
    expect((await server.request('POST', '/v1/auth/token', { key: null })).status).toBe(401);
    expect((await server.request('POST', '/v1/auth/token')).status).toBe(403);
  });

  it('creates, reads, updates and deletes datasets by name', async () => {
    const created = await call('POST', '', { name: 'training-v2', description: 'Q1 training data', unknownField: 1 });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      name: 'training-v2',
      description: 'Q1 training data',
      tags: [],
      projectId: p.projectId,
      metadata: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const got = await call('GET', '/training-v2');
    expect(got.body).toEqual({ id: created.body.id, name: 'training-v2', description: 'Q1 training data', tags: [], collections: [] });

    const patched = await call('PATCH', '/training-v2', { tags: ['q1'], metadata: { owner: 'ml' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'training-v2', description: 'Q1 training data', tags: ['q1'], metadata: { owner: 'ml' } });
    const renamed = await call('PATCH', '/training-v2', { name: 'training-v3' });
    expect(renamed.body.name).toBe('training-v3');
    expect((await call('GET', '/training-v2')).status).toBe(404);
    expect((await call('GET', '/training-v3')).body.tags).toEqual(['q1']);

    expect(await call('DELETE', '/training-v3')).toMatchObject({ status: 200, body: { success: true } });
    expect(await call('GET', '/training-v3')).toMatchObject({ status: 404, body: { error: 'Dataset not found', code: 'NOT_FOUND' } });
    expect((await call('DELETE', '/training-v3')).status).toBe(404);
    expect((await call('PATCH', '/training-v3', { tags: [] })).status).toBe(404);
  });

  it('ignores fields the seed does not name, on create and on update, and never stores them', async () => {
    const serverOwned = {
      type: 'lerobot_v3',
      path: 'acme/robot',
      requested_size: 100,
      cut_size: 7,
      filters: [{ field: 'model', operator: 'equals', value: 'x' }],
      container_id: '00000000-0000-4000-8000-000000000001',
      selected_metrics: { m: 50 },
      structure: ['input'],
      column_mappings: { a: 'b' },
      item_schemas: { input: { type: 'object' } },
      owner_user_id: '00000000-0000-4000-8000-000000000002',
      head_version: 9,
      id: '00000000-0000-4000-8000-000000000003',
      project_id: '00000000-0000-4000-8000-000000000004',
    };
    const untouched = {
      type: 'custom',
      path: null,
      requested_size: null,
      cut_size: null,
      filters: null,
      container_id: null,
      selected_metrics: null,
      structure: null,
      column_mappings: null,
      item_schemas: null,
      head_version: 0,
    };
    const created = await call('POST', '', { name: 'owned-fields', description: 'd', ...serverOwned });
    expect(created.status).toBe(201);
    expect(created.body.id).not.toBe(serverOwned.id);
    const stored = async () => (await server.request('GET', `/v1/datasets/${created.body.id}`, { key: p.read })).body;
    expect(await stored()).toMatchObject({ name: 'owned-fields', description: 'd', ...untouched });

    const patched = await call('PATCH', '/owned-fields', { description: 'e', ...serverOwned, type: 'sarm_progress' });
    expect(patched.status).toBe(200);
    expect(await stored()).toMatchObject({ name: 'owned-fields', description: 'e', ...untouched });
    expect(await call('PATCH', '/owned-fields', { type: 'telemetry' })).toMatchObject({ status: 200 });
    expect((await stored()).type).toBe('custom');
  });

  it('answers the documented errors', async () => {
    expect(await call('POST', '', { description: 'no name' })).toMatchObject({
      status: 400,
      body: { error: 'Name is required', code: 'VALIDATION_ERROR' },
    });
    expect((await call('POST', '', { name: 'dup' })).status).toBe(201);
    expect(await call('POST', '', { name: 'dup' })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect((await call('POST', '', { name: 'other' })).status).toBe(201);
    expect(await call('PATCH', '/other', { name: 'dup' })).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
    expect((await call('GET', '/other')).status).toBe(200);
    expect(await server.request('GET', path('', 'no-such-ns'), { key: token })).toMatchObject({
      status: 404,
      body: { error: 'Namespace not found', code: 'NOT_FOUND' },
    });
    expect(await server.request('GET', path('', p.ns, 'no-such-project'), { key: token })).toMatchObject({
      status: 404,
      body: { error: 'Project not found' },
    });
    expect((await call('POST', '', { name: 'x', tags: 'no' })).status).toBe(400);
    expect((await call('POST', '', { name: 'ro' }, await tokenFor(p.read))).status).toBe(403);
  });

  it('pages with page/pageSize, clamps large sizes, and counts in the same query', async () => {
    const q = await makeProject(server, 'spaces-pages');
    const jwt = await tokenFor(q.write);
    const list = (query: string) => server.request('GET', path(query, q.ns, q.project), { key: jwt });
    expect((await list('')).body).toEqual({ datasets: [], page: 1, pageSize: 50, total: 0, totalPages: 0 });
    for (let i = 0; i < 5; i++) await server.request('POST', path('', q.ns, q.project), { key: jwt, body: { name: `d${i}` } });
    const names = async (query: string) => (await list(query)).body.datasets.map((d: any) => d.name);
    expect((await list('?pageSize=2')).body).toMatchObject({ page: 1, pageSize: 2, total: 5, totalPages: 3 });
    expect(await names('?pageSize=2')).toEqual(['d0', 'd1']);
    expect(await names('?pageSize=2&page=3')).toEqual(['d4']);
    expect((await list('?pageSize=2&page=4')).body).toEqual({ datasets: [], page: 4, pageSize: 2, total: 5, totalPages: 3 });
    expect((await list('?pageSize=500')).body).toMatchObject({ pageSize: 200, total: 5, totalPages: 1 });
    expect(Object.keys((await list('')).body.datasets[0]).sort()).toEqual(['description', 'id', 'name', 'tags']);
    for (const bad of ['?pageSize=0', '?page=0', '?page=abc', '?pageSize=-3']) expect((await list(bad)).status, bad).toBe(400);
  });

  it('shows collections inside a dataset, and leaves them standalone when it is deleted', async () => {
    const ds = (await call('POST', '', { name: 'clips' })).body;
    const col = (name: string, members: string[]) =>
      server.request('POST', '/v1/collections', { key: p.write, body: { name, dataset_id: ds.id, members } });
    const front = (await col('front-camera-clips', ['nodeId2', 'nodeId1'])).body;
    const good = (await col('good-detections', ['nodeId3'])).body;
    const got = await call('GET', '/clips');
    expect(got.body.collections).toEqual([
      { id: front.id, name: 'front-camera-clips', members: ['nodeId1', 'nodeId2'] },
      { id: good.id, name: 'good-detections', members: ['nodeId3'] },
    ]);
    const byMember = await server.request('GET', '/v1/collections?member=nodeId3', { key: p.read });
    expect(byMember.body.data.map((c: any) => c.id)).toEqual([good.id]);

    expect((await call('DELETE', '/clips')).status).toBe(200);
    const standalone = await server.request('GET', `/v1/collections/${front.id}`, { key: p.read });
    expect(standalone.body).toMatchObject({ name: 'front-camera-clips', dataset_id: null, member_count: 2 });
    expect((await call('POST', '', { name: 'clips' })).status).toBe(201);
    expect((await call('GET', '/clips')).body.collections).toEqual([]);
  });

  it('refuses expired, tampered, wrongly signed and wrong-algorithm tokens', async () => {
    const claims = { pid: p.projectId, ns: p.ns, prj: p.project, role: 'write' };
    const sign = (alg: string, secret: string, exp: number | string, key = keyIdOf(token)) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg })
        .setSubject(key)
        .setIssuer('datashelf')
        .setIssuedAt()
        .setExpirationTime(exp)
        .sign(new TextEncoder().encode(secret));
    const valid = await sign('HS256', TEST_JWT.secret, '1h');
    expect((await call('GET', '', undefined, valid)).status).toBe(200);
    const expired = await sign('HS256', TEST_JWT.secret, Math.floor(Date.now() / 1000) - 10);
    expect(await call('GET', '', undefined, expired)).toMatchObject({
      status: 401,
      body: { error: 'The token has expired', code: 'UNAUTHORIZED' },
    });
    expect((await call('GET', '', undefined, await sign('HS256', 'another-secret-0123456789abcdef0123', '1h'))).status).toBe(401);
    expect((await call('GET', '', undefined, await sign('HS512', TEST_JWT.secret, '1h'))).status).toBe(401);
    expect((await call('GET', '', undefined, await sign('HS256', TEST_JWT.secret, '1h', 'no-such-key'))).status).toBe(401);
    const [h, body, sig] = valid.split('.');
    const forgedBody = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), role: 'admin', pid: 'x' }),
    ).toString('base64url');
    expect((await call('GET', '', undefined, `${h}.${forgedBody}.${sig}`)).status).toBe(401);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${body}.`;
    expect((await call('GET', '', undefined, none)).status).toBe(401);
    expect((await call('GET', '', undefined, p.write)).status).toBe(401);
    expect(await server.request('GET', path(), { key: null })).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
  });

  it('keeps a token inside its own namespace and project', async () => {
    const other = await makeProject(server, 'spaces-other');
    await server.request('POST', path('', other.ns, other.project), { key: await tokenFor(other.write), body: { name: 'theirs' } });
    expect((await server.request('GET', path('/theirs', other.ns, other.project), { key: token })).status).toBe(404);
    expect((await server.request('DELETE', path('/theirs', other.ns, other.project), { key: token })).status).toBe(404);
    expect((await server.request('GET', path('/theirs', other.ns, other.project), { key: await tokenFor(other.read) })).status).toBe(200);
  });

  it('does every call in at most three statements (a change, its audit entry, its webhook outbox rows), the list in one', async () => {
    await server.store.searchIndex.pause();
    onTestFinished(() => server.store.searchIndex.resume());
    const q = await makeProject(server, 'spaces-count');
    const jwt = await tokenFor(q.write);
    const at = (rest = '') => path(rest, q.ns, q.project);
    expect(await counted(() => server.request('POST', at(), { key: jwt, body: { name: 'counted' } }))).toBe(3);
    expect(await counted(() => server.request('GET', at(), { key: jwt }))).toBe(1);
    expect(await counted(() => server.request('GET', at('?page=9'), { key: jwt }))).toBeLessThanOrEqual(2);
    expect(await counted(() => server.request('GET', at('/counted'), { key: jwt }))).toBe(2);
    expect(await counted(() => server.request('PATCH', at('/counted'), { key: jwt, body: { description: 'd' } }))).toBe(3);
    expect(await counted(() => server.request('DELETE', at('/counted'), { key: jwt }))).toBe(3);
    expect(await counted(() => server.request('GET', at('/counted'), { key: jwt }))).toBe(1);
  });
});
