import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let owner: ProjectKeys;
let other: ProjectKeys;

beforeAll(async () => {
  owner = await server.project('share-owner');
  other = await server.project('share-reader');
});

/** Every read of a dataset through /v1, as another project's key makes it. */
const READS = (id: string) => [
  `/v1/datasets/${id}`,
  `/v1/datasets/${id}/versions`,
  `/v1/datasets/${id}/versions/1`,
  `/v1/datasets/${id}/datapoints`,
  `/v1/datasets/${id}/diff?from=0&to=1`,
  `/v1/datasets/${id}/export`,
  `/v1/datasets/${id}/tags`,
];

describe(`sharing through /v1 (${DIALECT})`, () => {
  it('lets those a dataset is shared with read it through /v1, read-only, until the share is removed', async () => {
    const id = (await server.request('POST', '/v1/datasets', { key: owner.write, body: { name: 'shared' } })).body.id;
    await server.request('POST', `/v1/datasets/${id}/versions`, {
      key: owner.write,
      body: { add: [{ input: 'q', expected_output: 'a' }] },
    });
    await server.request('PUT', `/v1/datasets/${id}/tags/prod`, { key: owner.write, body: { version: 1 } });
    for (const path of READS(id)) expect((await server.request('GET', path, { key: other.read })).status, path).toBe(404);

    const share = await server.request('POST', `/v1/datasets/${id}/shares`, { key: owner.write, body: { namespace: other.ns } });
    expect(share.status).toBe(201);
    for (const path of READS(id)) expect((await server.request('GET', path, { key: other.read })).status, path).toBe(200);
    const listed = async (scope: string) =>
      (await server.request('GET', `/v1/datasets?scope=${scope}`, { key: other.read })).body.data.map((d: any) => d.id);
    await server.request('POST', '/v1/datasets', { key: other.write, body: { name: 'own' } });
    expect(await listed('shared')).toEqual([id]);
    expect(await listed('project')).not.toContain(id);
    expect(await listed('all')).toContain(id);
    expect(await listed('all')).toHaveLength((await listed('project')).length + 1);
    const page = await server.request('GET', `/v1/datasets/${id}/datapoints?version=prod`, { key: other.read });
    expect(page.body.data.map((d: any) => d.input)).toEqual(['q']);

    const writes = [
      server.request('PATCH', `/v1/datasets/${id}`, { key: other.write, body: { name: 'mine now' } }),
      server.request('POST', `/v1/datasets/${id}/versions`, { key: other.write, body: { add: [{ input: 'x' }] } }),
      server.request('PUT', `/v1/datasets/${id}/tags/prod`, { key: other.write, body: { version: 0 } }),
      server.request('POST', `/v1/datasets/${id}/restore`, { key: other.write, body: { version: 0 } }),
      server.request('DELETE', `/v1/datasets/${id}`, { key: other.admin }),
    ];
    for (const res of await Promise.all(writes)) expect(res.body).toMatchObject({ status: 403, code: 'forbidden' });
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: owner.read })).body).toMatchObject({
      name: 'shared',
      head_version: 1,
    });

    expect((await server.request('DELETE', `/v1/datasets/${id}/shares/${share.body.id}`, { key: owner.write })).status).toBe(204);
    for (const path of READS(id)) expect((await server.request('GET', path, { key: other.read })).status, path).toBe(404);
    expect(await listed('shared')).toEqual([]);
  });
  it("lets them read it through the gateway and versioned surfaces' reads, and not through their writes", async () => {
    const id = (await server.request('POST', '/v1/datasets', { key: owner.write, body: { name: 'shared-on-surfaces' } })).body.id;
    const gateway = `/compat/gateway/v1/datasets/${id}`;
    const versioned = `/compat/versioned/api/datasets/${id}/`;
    expect((await server.request('GET', gateway, { key: other.read })).status).toBe(404);
    expect((await server.request('GET', versioned, { key: other.read })).status).toBe(404);

    await server.request('POST', `/v1/datasets/${id}/shares`, { key: owner.write, body: { namespace: other.ns } });
    const read = await server.request('GET', gateway, { key: other.read });
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ id, object: 'dataset', name: 'shared-on-surfaces', project_id: null });
    expect((await server.request('GET', gateway, { key: owner.read })).body.project_id).toBe(owner.projectId);
    const readVersioned = await server.request('GET', versioned, { key: other.read });
    expect(readVersioned.status, readVersioned.text).toBe(200);
    expect(readVersioned.body).toMatchObject({ id, name: 'shared-on-surfaces' });

    expect((await server.request('PATCH', versioned, { key: other.write, body: { name: 'taken' } })).status).toBe(403);
    expect((await server.request('DELETE', versioned, { key: other.admin })).status).toBe(403);
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: owner.read })).body.name).toBe('shared-on-surfaces');
  });
});
