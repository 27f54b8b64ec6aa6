import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('datasets');
});

const create = (body: object, key = p.write) => server.request('POST', '/v1/datasets', { key, body });

/** Every item of a listing, following next_cursor. */
async function walk(path: string, key: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: any = await server.request('GET', `${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ''}`, { key });
    expect(res.status).toBe(200);
    items.push(...res.body.data);
    cursor = res.body.next_cursor;
  } while (cursor);
  return items;
}

describe(`datasets (${DIALECT})`, () => {
  it('creates a dataset with defaults and reads it back', async () => {
    const res = await create({ name: 'support-qa', description: 'March', tags: ['qa'], metadata: { owner: 'ml' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'support-qa',
      description: 'March',
      type: 'custom',
      tags: ['qa'],
      metadata: { owner: 'ml' },
      head_version: 0,
      datapoint_count: 0,
    });
    const got = await server.request('GET', `/v1/datasets/${res.body.id}`, { key: p.read });
    expect(got.body).toEqual(res.body);
  });

  it('keeps names unique among live datasets, and frees a name on delete', async () => {
    const first = await create({ name: 'unique-name' });
    const dup = await create({ name: 'unique-name' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('conflict');
    expect((await server.request('DELETE', `/v1/datasets/${first.body.id}`, { key: p.write })).status).toBe(204);
    expect((await server.request('GET', `/v1/datasets/${first.body.id}`, { key: p.read })).status).toBe(404);
    expect((await server.request('PATCH', `/v1/datasets/${first.body.id}`, { key: p.write, body: { name: 'x' } })).status).toBe(404);
    expect((await server.request('DELETE', `/v1/datasets/${first.body.id}`, { key: p.write })).status).toBe(404);
    const again = await create({ name: 'unique-name' });
    expect(again.status).toBe(201);
    const listed = await walk('/v1/datasets?limit=1000', p.read);
    expect(listed.filter((d) => d.name === 'unique-name').map((d) => d.id)).toEqual([again.body.id]);
  });

  it('patches only the fields given and refuses renaming onto a live name', async () => {
    const a = await create({ name: 'patch-a', description: 'keep me', tags: ['t1'] });
    await create({ name: 'patch-b' });
    const res = await server.request('PATCH', `/v1/datasets/${a.body.id}`, { key: p.write, body: { tags: ['t2'] } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'patch-a', description: 'keep me', tags: ['t2'] });
    expect(res.body.updated_at >= a.body.updated_at).toBe(true);
    expect((await server.request('PATCH', `/v1/datasets/${a.body.id}`, { key: p.write, body: { name: 'patch-b' } })).status).toBe(409);
    expect((await server.request('PATCH', `/v1/datasets/${a.body.id}`, { key: p.write, body: {} })).status).toBe(422);
    expect((await server.request('PATCH', `/v1/datasets/${a.body.id}`, { key: p.write, body: { head_version: 9 } })).status).toBe(422);
    expect((await server.request('GET', `/v1/datasets/${a.body.id}`, { key: p.read })).body.name).toBe('patch-a');
  });

  it('refuses unknown fields, wrong types and over-long strings, listing each bad field', async () => {
    const res = await create({ name: 'x'.repeat(300), tags: 'not-a-list', extra: true });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: any) => e.field).sort()).toEqual(['body/extra', 'body/name', 'body/tags']);
    expect((await create({ name: 123 })).status).toBe(422);
    expect((await create({})).body.errors).toEqual([{ field: 'body/name', message: 'is required' }]);
  });

  it('filters by type, tag and name, and sorts every way with cursors that visit each once', async () => {
    const q = await server.project('datasets-list');
    const names = ['delta', 'alpha', 'Charlie_1', 'bravo', 'echo%'];
    for (const [i, name] of names.entries()) {
      await create({ name, type: i % 2 ? 'telemetry' : 'custom', tags: i < 2 ? ['gold'] : [] }, q.write);
    }
    await server.request('PATCH', `/v1/datasets/${(await walk('/v1/datasets?search=bravo', q.read))[0].id}`, {
      key: q.write,
      body: { description: 'touched' },
    });

    const byName = (items: any[]) => items.map((d) => d.name);
    expect(byName(await walk('/v1/datasets?sort=name&limit=2', q.read))).toEqual(['alpha', 'bravo', 'Charlie_1', 'delta', 'echo%']);
    expect(byName(await walk('/v1/datasets?sort=oldest&limit=2', q.read))).toEqual(names);
    expect(byName(await walk('/v1/datasets?limit=2', q.read))).toEqual([...names].reverse());
    expect(byName(await walk('/v1/datasets?sort=updated&limit=3', q.read))[0]).toBe('bravo');
    expect(byName(await walk('/v1/datasets?type=telemetry&sort=oldest', q.read))).toEqual(['alpha', 'bravo']);
    expect(byName(await walk('/v1/datasets?tag=gold&sort=oldest', q.read))).toEqual(['delta', 'alpha']);
    expect(byName(await walk('/v1/datasets?search=CHAR', q.read))).toEqual(['Charlie_1']);
    expect(byName(await walk('/v1/datasets?search=%25', q.read))).toEqual(['echo%']);
    expect(byName(await walk('/v1/datasets?search=_', q.read))).toEqual(['Charlie_1']);
  });

  it('bounds page sizes and refuses forged or foreign cursors', async () => {
    expect((await server.request('GET', '/v1/datasets?limit=0', { key: p.read })).status).toBe(422);
    expect((await server.request('GET', '/v1/datasets?limit=1001', { key: p.read })).status).toBe(422);
    expect((await server.request('GET', '/v1/datasets?sort=random', { key: p.read })).status).toBe(422);
    const forged = await server.request('GET', '/v1/datasets?cursor=bm9wZQ', { key: p.read });
    expect(forged.status).toBe(400);
    expect(forged.body.code).toBe('bad_request');
    const page = await server.request('GET', '/v1/datasets?limit=1&sort=name', { key: p.read });
    const foreign = await server.request('GET', `/v1/datasets?limit=1&sort=oldest&cursor=${page.body.next_cursor}`, { key: p.read });
    expect(foreign.status).toBe(400);
  });
});
