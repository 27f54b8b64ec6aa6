import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
const ids: Record<string, string> = {};
const jobsOf: Record<string, string> = {};

beforeAll(async () => {
  p = await server.project('robotics');
  const make = async (name: string, type: string, path: string) =>
    (ids[name] = (
      await server.request('POST', '/v1/datasets', { key: p.write, body: { name, type, path, metadata: { robot: name } } })
    ).body.id);
  await make('pick', 'lerobot_v3', 'acme/Pick-Place');
  await make('stack', 'lerobot_v3', 'acme/100_done');
  await make('sarm', 'sarm_progress', 'lab/100x-done');
  await make('plain', 'custom', 'acme/not-an-artifact');
  for (const job of ['train', 'eval']) {
    jobsOf[job] = (await server.request('POST', '/v1/jobs', { key: p.write, body: { name: job, kind: job } })).body.id;
  }
  const link = (job: string, dataset: string, direction: string) =>
    server.request('POST', `/v1/jobs/${jobsOf[job]}/datasets`, { key: p.write, body: { dataset_id: ids[dataset], direction } });
  await link('train', 'pick', 'input');
  await link('train', 'sarm', 'output');
  await link('eval', 'pick', 'output');
  await server.request('PATCH', `/v1/datasets/${ids.stack}`, { key: p.write, body: { description: 'touched' } });
});

const list = (query = '', key: string | null = p.read) =>
  server.request('GET', `/compat/robotics/v1/datasets/list${query}`, { key: null, headers: key ? { 'x-api-key': key } : {} });
const paths = async (query: string) => (await list(query)).body.items.map((i: any) => i.path);

describe(`robotics surface (${DIALECT})`, () => {
  it('lists only artifacts, in exactly the documented shape', async () => {
    const res = await list('?sort=oldest');
    expect(res.status).toBe(200);
    expect(res.body.page_info).toEqual({ has_next: false, end_cursor: expect.any(String), total_count: 3 });
    expect(res.body.items[0]).toEqual({
      artifact_id: ids.pick,
      subtype: 'lerobot_v3',
      path: 'acme/Pick-Place',
      metadata: { robot: 'pick' },
      jobs: [
        { job_id: jobsOf.train, direction: 'input' },
        { job_id: jobsOf.eval, direction: 'output' },
      ],
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(res.body.items.map((i: any) => i.path)).toEqual(['acme/Pick-Place', 'acme/100_done', 'lab/100x-done']);
  });

  it('filters by type, direction, job, project and literal search', async () => {
    expect(await paths('?dataset_type=sarm_progress')).toEqual(['lab/100x-done']);
    expect(await paths('?dataset_type=lerobot_v3&sort=oldest')).toEqual(['acme/Pick-Place', 'acme/100_done']);
    expect(await paths('?direction=output&sort=oldest')).toEqual(['acme/Pick-Place', 'lab/100x-done']);
    expect(await paths(`?job_id=${jobsOf.train}&sort=oldest`)).toEqual(['acme/Pick-Place', 'lab/100x-done']);
    expect(await paths(`?job_id=${jobsOf.train}&direction=output`)).toEqual(['lab/100x-done']);
    expect(await paths(`?job_id=${jobsOf.eval}&direction=input`)).toEqual([]);
    expect(await paths(`?project_id=${p.projectId}&dataset_type=sarm_progress`)).toEqual(['lab/100x-done']);
    expect(await paths('?project_id=6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b')).toEqual([]);
    expect(await paths('?search=100_')).toEqual(['acme/100_done']);
    expect(await paths('?search=_')).toEqual(['acme/100_done']);
    expect(await paths('?search=%25')).toEqual([]);
    expect(await paths('?search=pick')).toEqual(['acme/Pick-Place']);
    expect(await paths('?search=not-an-artifact')).toEqual([]);
  });

  it('sorts newest, oldest, updated and by path name', async () => {
    expect(await paths('')).toEqual(['lab/100x-done', 'acme/100_done', 'acme/Pick-Place']);
    expect(await paths('?sort=updated')).toEqual(['acme/100_done', 'lab/100x-done', 'acme/Pick-Place']);
    expect(await paths('?sort=name')).toEqual(['acme/100_done', 'acme/Pick-Place', 'lab/100x-done']);
  });

  it('walks pages by end_cursor, and refuses cursors that are forged or from another listing', async () => {
    const first = await list('?limit=1&sort=name');
    expect(first.body.page_info).toMatchObject({ has_next: true, total_count: 3 });
    const seen = [...first.body.items.map((i: any) => i.path)];
    let cursor = first.body.page_info.end_cursor;
    for (let hop = 0; hop < 5 && cursor; hop++) {
      const next = await list(`?limit=1&sort=name&cursor=${encodeURIComponent(cursor)}`);
      seen.push(...next.body.items.map((i: any) => i.path));
      cursor = next.body.page_info.has_next ? next.body.page_info.end_cursor : null;
    }
    expect(seen).toEqual(['acme/100_done', 'acme/Pick-Place', 'lab/100x-done']);

    const good = first.body.page_info.end_cursor as string;
    const flipped = good.slice(0, 3) + (good[3] === 'A' ? 'B' : 'A') + good.slice(4);
    const forged = Buffer.from(JSON.stringify(['zzz', 1])).toString('base64url') + '.' + good.split('.')[1];
    for (const query of [
      `?limit=1&sort=newest&cursor=${good}`,
      `?limit=1&sort=name&dataset_type=lerobot_v3&cursor=${good}`,
      `?limit=1&sort=name&cursor=${flipped}`,
      `?limit=1&sort=name&cursor=${forged}`,
      '?cursor=garbage',
    ]) {
      expect(await list(query), query).toMatchObject({ status: 422, body: { detail: 'Invalid pagination parameters' } });
    }
  });

  it('answers bad parameters in the FastAPI validation shape, and bad keys with 401', async () => {
    expect(await list('?limit=0')).toMatchObject({
      status: 422,
      body: { detail: [{ loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' }] },
    });
    expect((await list('?limit=1001')).body.detail[0]).toMatchObject({ loc: ['query', 'limit'], type: 'less_than_equal' });
    expect((await list('?limit=abc')).body.detail[0]).toMatchObject({ loc: ['query', 'limit'], type: 'int_parsing' });
    expect((await list('?sort=random')).body.detail[0]).toMatchObject({
      loc: ['query', 'sort'],
      msg: "Input should be 'newest', 'oldest', 'updated' or 'name'",
    });
    // The original types both as plain strings: another value is no error, it matches nothing.
    expect((await list('?dataset_type=custom')).body.items).toEqual([]);
    expect((await list('?direction=both')).body.items).toEqual([]);
    expect((await list('?job_id=nope')).body.detail[0]).toMatchObject({ loc: ['query', 'job_id'], type: 'uuid_parsing' });
    expect((await list(`?search=${'x'.repeat(201)}`)).body.detail[0]).toMatchObject({ loc: ['query', 'search'], type: 'string_too_long' });
    expect(await list('', null)).toMatchObject({ status: 401, body: { detail: expect.any(String) } });
    expect((await list('', 'ds_bogus')).status).toBe(401);
  });

  it("never shows another project's artifacts", async () => {
    const other = await server.project('robotics-other');
    expect((await list('', other.read)).body).toEqual({ items: [], page_info: { has_next: false, end_cursor: null, total_count: 0 } });
    expect((await list(`?job_id=${jobsOf.train}`, other.read)).body.items).toEqual([]);
  });
});
