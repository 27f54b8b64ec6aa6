import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const DAY = 86_400_000;
let now = Date.UTC(2026, 10, 1, 12);
const server = useServer({ clock: { ms: () => now } });
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('undelete');
});

const create = (name: string) => server.request('POST', '/v1/datasets', { key: p.write, body: { name } });
const remove = (id: string) => server.request('DELETE', `/v1/datasets/${id}`, { key: p.write });
const undelete = (id: string) => server.request('POST', `/v1/datasets/${id}/undelete`, { key: p.write });

describe(`bringing back a deleted dataset (${DIALECT})`, () => {
  it('brings back a dataset deleted within 30 days, with its versions and tags, when its name is free', async () => {
    const id = (await create('kept')).body.id;
    await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add: [{ input: 'q' }] } });
    await server.request('PUT', `/v1/datasets/${id}/tags/prod`, { key: p.write, body: { version: 1 } });
    expect((await remove(id)).status).toBe(204);
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).status).toBe(404);

    const taken = (await create('kept')).body.id;
    expect(await undelete(id)).toMatchObject({ status: 409, body: { detail: 'a dataset named "kept" already exists in this project' } });
    await server.request('PATCH', `/v1/datasets/${taken}`, { key: p.write, body: { name: 'kept-2' } });

    now += 29 * DAY;
    const back = await undelete(id);
    expect(back).toMatchObject({ status: 200, body: { id, name: 'kept', head_version: 1, datapoint_count: 1 } });
    expect((await server.request('GET', `/v1/datasets/${id}/datapoints?version=prod`, { key: p.read })).body.data).toHaveLength(1);
    expect((await undelete(id)).status).toBe(404);
  });

  it('refuses after the retention window, and for datasets that were never deleted or are not the project’s', async () => {
    const id = (await create('gone')).body.id;
    await remove(id);
    now += 31 * DAY;
    expect(await undelete(id)).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const live = (await create('live')).body.id;
    expect((await undelete(live)).status).toBe(404);
    const other = await server.project('undelete-other');
    expect((await server.request('POST', `/v1/datasets/${id}/undelete`, { key: other.write })).status).toBe(404);
    expect((await server.request('POST', `/v1/datasets/${live}/undelete`, { key: p.read })).status).toBe(403);
  });
});
