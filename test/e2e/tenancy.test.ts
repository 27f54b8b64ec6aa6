import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('tenancy');
});

describe(`tenancy and keys (${DIALECT})`, () => {
  it('creates and lists namespaces and projects, refusing duplicates and bad slugs', async () => {
    const ns = await server.request('POST', '/v1/namespaces', { body: { slug: 'acme', name: 'Acme' } });
    expect(ns.status).toBe(201);
    expect(Object.keys(ns.body).sort()).toEqual(['created_at', 'id', 'name', 'slug']);
    expect((await server.request('POST', '/v1/namespaces', { body: { slug: 'acme', name: 'Again' } })).status).toBe(409);
    for (const slug of ['Acme', '-acme', 'a_b', 'x'.repeat(64), '']) {
      const bad = await server.request('POST', '/v1/namespaces', { body: { slug, name: 'n' } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].field).toBe('body/slug');
    }
    const project = await server.request('POST', '/v1/namespaces/acme/projects', { body: { slug: 'ml', name: 'ML' } });
    expect(project.status).toBe(201);
    expect(project.body).toMatchObject({ slug: 'ml', name: 'ML', namespace: 'acme' });
    expect((await server.request('POST', '/v1/namespaces/acme/projects', { body: { slug: 'ml', name: 'x' } })).status).toBe(409);
    expect((await server.request('POST', '/v1/namespaces/nope/projects', { body: { slug: 'ml', name: 'x' } })).status).toBe(404);
    const list = await server.request('GET', '/v1/namespaces/acme/projects');
    expect(list.body.data.map((x: any) => x.slug)).toEqual(['ml']);
    const namespaces = await server.request('GET', '/v1/namespaces?limit=1');
    expect(namespaces.body.data).toHaveLength(1);
    expect(namespaces.body.next_cursor).toEqual(expect.any(String));
  });

  it('shows a key secret once and never lists it', async () => {
    const created = await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, { body: { name: 'ci' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'ci', role: 'write', prefix: created.body.key.slice(0, 10) });
    const listed = await server.request('GET', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys?limit=1000`);
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(created.body.key);
    expect(listed.body.data.map((k: any) => k.id)).toContain(created.body.id);
    expect(listed.body.data.every((k: any) => !('key' in k) && !('hash' in k))).toBe(true);
  });

  it('accepts keys as Bearer and as x-api-key, and refuses missing, unknown and revoked ones', async () => {
    expect((await server.request('GET', '/v1/datasets', { key: p.read })).status).toBe(200);
    expect((await server.request('GET', '/v1/datasets', { key: null, headers: { 'x-api-key': p.read } })).status).toBe(200);
    const none = await server.request('GET', '/v1/datasets', { key: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    expect(none.body).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((await server.request('GET', '/v1/datasets', { key: 'ds_not-a-real-key' })).status).toBe(401);

    const key = await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, {
      body: { name: 'temp', role: 'read' },
    });
    expect((await server.request('GET', '/v1/datasets', { key: key.body.key })).status).toBe(200);
    const revoked = await server.request('DELETE', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys/${key.body.id}`);
    expect(revoked.status).toBe(204);
    expect((await server.request('GET', '/v1/datasets', { key: key.body.key })).status).toBe(401);
    expect((await server.request('DELETE', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys/${key.body.id}`)).status).toBe(404);
  });

  it('enforces roles: read keys may not write, project keys may not manage tenancy', async () => {
    const write = await server.request('POST', '/v1/datasets', { key: p.read, body: { name: 'nope' } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('forbidden');
    expect((await server.request('POST', '/v1/namespaces', { key: p.admin, body: { slug: 'evil', name: 'x' } })).status).toBe(403);
    expect((await server.request('GET', '/v1/namespaces', { key: p.write })).status).toBe(403);
    expect((await server.request('GET', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, { key: p.write })).status).toBe(403);
    expect((await server.request('GET', '/v1/datasets', { key: ADMIN_KEY })).status).toBe(403);
    const own = await server.request('POST', `/v1/namespaces/${p.ns}/projects/${p.project}/api-keys`, {
      key: p.admin,
      body: { name: 'by-admin', role: 'read' },
    });
    expect(own.status).toBe(201);
  });

  it("answers 404 for another project's keys, even to its admin key", async () => {
    const other = await server.project('tenancy-other');
    expect((await server.request('GET', `/v1/namespaces/${other.ns}/projects/${other.project}/api-keys`, { key: p.admin })).status).toBe(
      404,
    );
    expect(
      (await server.request('POST', `/v1/namespaces/${other.ns}/projects/${other.project}/api-keys`, { key: p.admin, body: { name: 'x' } }))
        .status,
    ).toBe(404);
  });
});
