import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('versions');
});

let n = 0;
async function dataset(): Promise<string> {
  const res = await server.request('POST', '/v1/datasets', { key: p.write, body: { name: `dv${++n}` } });
  return res.body.id;
}
const commit = (id: string, body: object) => server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body });
const ndjson = (id: string, lines: string, query = '') =>
  server.request('POST', `/v1/datasets/${id}/versions${query}`, { key: p.write, raw: { type: 'application/x-ndjson', data: lines } });
const page = (id: string, query = '') => server.request('GET', `/v1/datasets/${id}/datapoints${query}`, { key: p.read });

describe(`versions and datapoints over HTTP (${DIALECT})`, () => {
  it("pages a datapoint's history, newest first, with the version that ended each content", async () => {
    const id = await dataset();
    await commit(id, { add: [{ input: 'a', expected_output: 'first' }, { input: 'other' }] });
    const dp = (await page(id)).body.data[0].id;
    await commit(id, { update: [{ id: dp, expected_output: 'second' }] });
    await commit(id, { add: [{ input: 'unrelated' }] });
    await commit(id, { delete: [dp] });
    const history = (query = '') => server.request('GET', `/v1/datasets/${id}/datapoints/${dp}/history${query}`, { key: p.read });
    const all = await history();
    expect(all.status).toBe(200);
    expect(all.body.data.map((s: any) => [s.version, s.until, s.datapoint.expected_output])).toEqual([
      [2, 4, 'second'],
      [1, 2, 'first'],
    ]);
    expect(all.body.data[0].datapoint.id).toBe(dp);
    const first = await history('?limit=1');
    expect(first.body.data.map((s: any) => s.version)).toEqual([2]);
    expect((await history(`?limit=1&cursor=${first.body.next_cursor}`)).body).toMatchObject({ data: [{ version: 1 }], next_cursor: null });
    expect((await server.request('GET', `/v1/datasets/${id}/datapoints/${crypto.randomUUID()}/history`, { key: p.read })).status).toBe(404);
    const stranger = await server.project('versions-stranger');
    expect((await server.request('GET', `/v1/datasets/${id}/datapoints/${dp}/history`, { key: stranger.read })).status).toBe(404);
  });

  it('commits JSON changes and returns the version record', async () => {
    const id = await dataset();
    const v1 = await commit(id, {
      message: 'seed',
      add: [
        { input: { q: 'refund?' }, expected_output: '30 days', source: 'seed', tags: ['billing'], persona: 'customer' },
        { input: 'hi', source: 'synthetic', generator_model: 'gpt-x', agent: '7c0f6c2a-1b1e-4d7e-9a55-0f1d5b8f3c21', order: 10 },
      ],
    });
    expect(v1.status).toBe(201);
    expect(v1.body).toEqual({
      dataset_id: id,
      version: 1,
      message: 'seed',
      datapoint_count: 2,
      added: 2,
      updated: 0,
      deleted: 0,
      file_count: 0,
      files_added: 0,
      files_updated: 0,
      files_deleted: 0,
      created_at: expect.any(String),
      key_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      user_id: null,
    });
    const list = await page(id);
    expect(list.body.version).toBe(1);
    expect(list.body.data[0]).toMatchObject({
      input: { q: 'refund?' },
      expected_output: '30 days',
      order: 0,
      tags: ['billing'],
      persona: 'customer',
    });
    expect(list.body.data[1]).toMatchObject({ order: 10, generator_model: 'gpt-x', source: 'synthetic' });

    const dp = list.body.data[0];
    const v2 = await commit(id, {
      base_version: 1,
      update: [{ id: dp.id, expected_output: '30-day window' }],
      delete: [list.body.data[1].id],
    });
    expect(v2.body).toMatchObject({ version: 2, updated: 1, deleted: 1, datapoint_count: 1 });
    const one = await server.request('GET', `/v1/datasets/${id}/datapoints/${dp.id}`, { key: p.read });
    expect(one.body).toMatchObject({ id: dp.id, expected_output: '30-day window', input: { q: 'refund?' }, version: 2 });
    const old = await server.request('GET', `/v1/datasets/${id}/datapoints/${dp.id}?version=1`, { key: p.read });
    expect(old.body.expected_output).toBe('30 days');
    expect((await server.request('GET', `/v1/datasets/${id}/datapoints/${list.body.data[1].id}`, { key: p.read })).status).toBe(404);

    const versions = await server.request('GET', `/v1/datasets/${id}/versions`, { key: p.read });
    expect(versions.body.data.map((v: any) => v.version)).toEqual([2, 1]);
    expect((await server.request('GET', `/v1/datasets/${id}/versions/1`, { key: p.read })).body.message).toBe('seed');
    expect((await server.request('GET', `/v1/datasets/${id}/versions/3`, { key: p.read })).status).toBe(404);
    const stored = await server.request('GET', `/v1/datasets/${id}`, { key: p.read });
    expect(stored.body).toMatchObject({ head_version: 2, datapoint_count: 1 });
  });

  it('answers 409 to a stale base_version and stores nothing', async () => {
    const id = await dataset();
    await commit(id, { add: [{ input: 1 }] });
    const stale = await commit(id, { base_version: 0, add: [{ input: 2 }] });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('version_conflict');
    expect((await page(id)).body.data).toHaveLength(1);
  });

  it('refuses bad change sets with 4xx and stores nothing', async () => {
    const id = await dataset();
    await commit(id, { add: [{ input: 'x' }] });
    const missing = '5b0e6d1c-8a4f-4d5b-9c1e-2f3a4b5c6d7e';
    const cases: [object, number][] = [
      [{}, 422],
      [{ replace: [], add: [{}] }, 422],
      [{ add: [{ persona: 'p'.repeat(129) }] }, 422],
      [{ add: [{ order: -1 }] }, 422],
      [{ add: [{ source: 'scraped' }] }, 422],
      [{ add: [{ unknown_field: 1 }] }, 422],
      [{ delete: ['not-a-uuid'] }, 422],
      [{ add: [{ input: 'y' }], delete: [missing] }, 404],
      [{ update: [{ id: missing, input: 'z' }] }, 404],
      [{ add: Array.from({ length: 10_001 }, () => ({})) }, 422],
    ];
    for (const [body, status] of cases) {
      const res = await commit(id, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const after = await server.request('GET', `/v1/datasets/${id}`, { key: p.read });
    expect(after.body).toMatchObject({ head_version: 1, datapoint_count: 1 });
  });

  it('counts add, update and delete together against the 10,000-datapoint limit of one JSON request', async () => {
    const id = await dataset();
    const first = await commit(id, { add: Array.from({ length: 5_000 }, (_, i) => ({ input: i })) });
    expect(first.status).toBe(201);
    const ids: string[] = [];
    for (let cursor = ''; ;) {
      const res = await page(id, `?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...res.body.data.map((d: any) => d.id));
      if (!res.body.next_cursor) break;
      cursor = res.body.next_cursor;
    }
    const over = await commit(id, {
      add: Array.from({ length: 5_001 }, () => ({ input: 'x' })),
      update: ids.map((d) => ({ id: d, input: 'y' })),
    });
    expect(over.status).toBe(413);
    expect(over.body.detail).toContain('this one has 10001');
    const atLimit = await commit(id, {
      add: Array.from({ length: 3_000 }, () => ({ input: 'x' })),
      update: ids.slice(0, 2_000).map((d) => ({ id: d, input: 'y' })),
      delete: ids.slice(2_000),
    });
    expect(atLimit.status).toBe(201);
    expect(atLimit.body).toMatchObject({ version: 2, added: 3_000, updated: 2_000, deleted: 3_000, datapoint_count: 5_000 });
  });

  it('takes NDJSON streams, and reports the first bad line by number with nothing stored', async () => {
    const id = await dataset();
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ input: { i }, expected_output: `o${i}` })).join('\n');
    const ok = await ndjson(id, lines + '\n\n', '?message=bulk');
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ version: 1, added: 2500, datapoint_count: 2500, message: 'bulk' });

    const badJson = await ndjson(id, '{"input":1}\n{"input":\n{"input":3}\n');
    expect(badJson.status).toBe(400);
    expect(badJson.body.detail).toMatch(/^line 2: not valid JSON/);
    const badField = await ndjson(id, '{"input":1}\n\n{"persona":5}\n');
    expect(badField.status).toBe(422);
    expect(badField.body.errors).toEqual([{ field: 'line 3/persona', message: 'must be string,null' }]);
    expect((await ndjson(id, '{"input":1}\n[1,2]\n')).status).toBe(422);
    expect((await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body).toMatchObject({
      head_version: 1,
      datapoint_count: 2500,
    });

    const replaced = await ndjson(id, '{"input":"only"}\n', '?mode=replace&base_version=1');
    expect(replaced.body).toMatchObject({ version: 2, added: 1, deleted: 2500, datapoint_count: 1 });
    expect((await ndjson(id, '{"input":"x"}\n', '?base_version=1')).status).toBe(409);
  });

  it('pages in order with cursors, filters by source, tag and persona, and reads old versions', async () => {
    const id = await dataset();
    const add = Array.from({ length: 7 }, (_, i) => ({
      input: i,
      source: i % 2 ? 'seed' : 'production',
      tags: i < 3 ? ['hard'] : [],
      persona: i === 4 ? 'pirate' : null,
    }));
    await commit(id, { add });
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await page(id, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((d: any) => d.input));
      cursor = res.body.next_cursor;
    } while (cursor);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect((await page(id, '?source=seed')).body.data.map((d: any) => d.input)).toEqual([1, 3, 5]);
    expect((await page(id, '?tag=hard')).body.data.map((d: any) => d.input)).toEqual([0, 1, 2]);
    expect((await page(id, '?persona=pirate')).body.data.map((d: any) => d.input)).toEqual([4]);
    expect((await page(id, '?source=bogus')).status).toBe(422);
    await commit(id, { replace: [{ input: 'new' }] });
    expect((await page(id, '?version=1')).body.data).toHaveLength(7);
    expect((await page(id, '?version=0')).body.data).toHaveLength(0);
    expect((await page(id, '?version=3')).status).toBe(404);
    expect((await page(id, '?version=-1')).status).toBe(422);
    const first = await page(id, '?version=1&limit=2');
    expect((await page(id, `?version=2&cursor=${first.body.next_cursor}`)).status).toBe(400);
    expect((await page(id, `?cursor=${first.body.next_cursor}`)).body.data.map((d: any) => d.input)).toEqual([2, 3, 4, 5, 6]);
  });

  it('diffs versions over HTTP', async () => {
    const id = await dataset();
    await commit(id, { add: [{ input: 'a' }, { input: 'b' }] });
    const [a, b] = (await page(id)).body.data;
    await commit(id, { update: [{ id: a.id, input: 'A' }], delete: [b.id], add: [{ input: 'c' }] });
    const diff = await server.request('GET', `/v1/datasets/${id}/diff?from=1&to=2&limit=2`, { key: p.read });
    expect(diff.status).toBe(200);
    const rest = await server.request('GET', `/v1/datasets/${id}/diff?from=1&to=2&limit=2&cursor=${diff.body.next_cursor}`, {
      key: p.read,
    });
    const changes = [...diff.body.data, ...rest.body.data];
    expect(changes.map((c: any) => [c.change, c.before?.input ?? null, c.after?.input ?? null])).toEqual([
      ['changed', 'a', 'A'],
      ['removed', 'b', null],
      ['added', null, 'c'],
    ]);
    expect(rest.body.next_cursor).toBeNull();
    expect((await server.request('GET', `/v1/datasets/${id}/diff?from=1&to=9`, { key: p.read })).status).toBe(404);
    expect((await server.request('GET', `/v1/datasets/${id}/diff?from=1`, { key: p.read })).status).toBe(422);
  });

  it('exports a version as JSONL and CSV', async () => {
    const id = await dataset();
    await commit(id, { add: Array.from({ length: 1203 }, (_, i) => ({ input: { i }, expected_output: `line "${i}", ok`, tags: ['x'] })) });
    await commit(id, { add: [{ input: 'later' }] });
    const jsonl = await server.request('GET', `/v1/datasets/${id}/export?version=1`, { key: p.read });
    expect(jsonl.status).toBe(200);
    expect(jsonl.headers.get('content-type')).toContain('application/x-ndjson');
    const rows = jsonl.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(1203);
    expect(rows.map((r) => r.input.i)).toEqual(Array.from({ length: 1203 }, (_, i) => i));
    const csv = await server.request('GET', `/v1/datasets/${id}/export?format=csv`, { key: p.read });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\n');
    expect(lines[0].startsWith('id,seq:integer,order:integer,input:json,expected_output:json')).toBe(true);
    expect(lines).toHaveLength(1 + 1204);
    expect(lines[1]).toContain('"""line \\""0\\"", ok"""');
    expect((await server.request('GET', `/v1/datasets/${id}/export?format=xml`, { key: p.read })).status).toBe(422);
    expect((await server.request('GET', `/v1/datasets/${id}/export?version=7`, { key: p.read })).status).toBe(404);
  });
});
