import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('collections');
});

const req = (method: string, path: string, body?: object) => server.request(method, path, { key: p.write, body });

describe(`collections (${DIALECT})`, () => {
  it('creates, lists, renames and deletes collections with their members', async () => {
    const ds = (await req('POST', '/v1/datasets', { name: 'clips' })).body;
    const created = await req('POST', '/v1/collections', { name: 'front-camera', dataset_id: ds.id, members: ['n1', 'n2', 'n2'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'front-camera', dataset_id: ds.id, member_count: 2 });
    const id = created.body.id;

    const added = await req('POST', `/v1/collections/${id}/members`, { members: ['n3', 'n1'] });
    expect(added.body.member_count).toBe(3);
    const removed = await req('DELETE', `/v1/collections/${id}/members`, { members: ['n2', 'absent'] });
    expect(removed.body.member_count).toBe(2);
    const members = await req('GET', `/v1/collections/${id}/members?limit=1`);
    const next = await req('GET', `/v1/collections/${id}/members?limit=1&cursor=${members.body.next_cursor}`);
    expect([...members.body.data, ...next.body.data]).toEqual(['n1', 'n3']);
    expect(next.body.next_cursor).toBeNull();

    const renamed = await req('PATCH', `/v1/collections/${id}`, { name: 'front' });
    expect(renamed.body).toMatchObject({ name: 'front', dataset_id: ds.id });
    const standalone = await req('POST', '/v1/collections', { name: 'loose' });
    const byDataset = await req('GET', `/v1/collections?dataset_id=${ds.id}`);
    expect(byDataset.body.data.map((c: any) => c.id)).toEqual([id]);
    expect((await req('GET', '/v1/collections')).body.data.map((c: any) => c.id)).toEqual([id, standalone.body.id]);

    expect((await req('DELETE', `/v1/collections/${standalone.body.id}`)).status).toBe(204);
    expect((await req('GET', `/v1/collections/${standalone.body.id}`)).status).toBe(404);
  });

  it('keeps collections standing with dataset_id null when their dataset is deleted', async () => {
    const ds = (await req('POST', '/v1/datasets', { name: 'doomed' })).body;
    const col = (await req('POST', '/v1/collections', { name: 'edge-cases', dataset_id: ds.id, members: ['a'] })).body;
    expect((await req('DELETE', `/v1/datasets/${ds.id}`)).status).toBe(204);
    const after = await req('GET', `/v1/collections/${col.id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ name: 'edge-cases', dataset_id: null, member_count: 1 });
  });

  it('refuses unknown datasets and bad bodies', async () => {
    expect((await req('POST', '/v1/collections', { name: 'x', dataset_id: '1c6a0f43-4a8b-4a6e-9d35-6f2b4c9f0e11' })).status).toBe(404);
    expect((await req('POST', '/v1/collections', { name: '' })).status).toBe(422);
    expect((await req('POST', '/v1/collections', { name: 'x', members: [''] })).status).toBe(422);
    expect((await req('POST', '/v1/collections', { name: 'x', members: Array.from({ length: 10_001 }, (_, i) => `m${i}`) })).status).toBe(
      422,
    );
    expect((await req('PATCH', '/v1/collections/1c6a0f43-4a8b-4a6e-9d35-6f2b4c9f0e11', { name: 'y' })).status).toBe(404);
  });
});
