import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('tags');
});

let n = 0;
async function dataset(): Promise<string> {
  return (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: `tagged${++n}` } })).body.id;
}

const commit = (id: string, body: object) => server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body });
const tag = (id: string, name: string, version: number | string) =>
  server.request('PUT', `/v1/datasets/${id}/tags/${name}`, { key: p.write, body: { version } });
const get = (path: string) => server.request('GET', path, { key: p.read });

async function all(id: string, query = ''): Promise<any[]> {
  const res = await get(`/v1/datasets/${id}/datapoints?limit=1000${query}`);
  expect(res.status).toBe(200);
  return res.body.data;
}

/** A datapoint as it reads in any version that holds this content. */
const content = ({ version: _version, ...rest }: any) => rest;

/** Three versions: v1 adds a, b, c; v2 changes a, deletes b, adds d; v3 adds e. */
async function history(id: string) {
  await commit(id, { add: [{ input: 'a' }, { input: 'b', external_id: 'kb' }, { input: 'c' }] });
  const v1 = await all(id);
  await commit(id, { update: [{ id: v1[0].id, expected_output: 'A' }], delete: [v1[1].id], add: [{ input: 'd', external_id: 'kd' }] });
  await commit(id, { add: [{ input: 'e' }] });
  return v1;
}

describe(`version tags, as_of and restore (${DIALECT})`, () => {
  it('makes, moves, reads and deletes tags, keeping every move', async () => {
    const id = await dataset();
    await history(id);
    expect((await tag(id, 'prod', 1)).status).toBe(201);
    const moved = await tag(id, 'prod', 3);
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ name: 'prod', version: 3 });
    expect((await tag(id, 'baseline-2026.03', 'prod')).body).toMatchObject({ name: 'baseline-2026.03', version: 3 });
    expect((await get(`/v1/datasets/${id}/tags?limit=1`)).body).toMatchObject({ data: [{ name: 'baseline-2026.03' }] });
    expect((await get(`/v1/datasets/${id}/tags`)).body.data.map((t: any) => [t.name, t.version])).toEqual([
      ['baseline-2026.03', 3],
      ['prod', 3],
    ]);

    expect((await server.request('DELETE', `/v1/datasets/${id}/tags/prod`, { key: p.write })).status).toBe(204);
    expect((await get(`/v1/datasets/${id}/tags/prod`)).status).toBe(404);
    const moves = (await get(`/v1/datasets/${id}/tags/prod/history`)).body.data;
    expect(moves.map((m: any) => [m.move, m.from_version, m.to_version])).toEqual([
      [3, 3, null],
      [2, 1, 3],
      [1, null, 1],
    ]);
  });

  it('refuses unknown tags, tags past the head, bad names and readers writing, changing nothing', async () => {
    const id = await dataset();
    await history(id);
    expect((await tag(id, 'prod', 9)).status).toBe(404);
    expect((await tag(id, 'prod', 'nosuch')).status).toBe(404);
    expect((await tag(id, '1abc', 1)).status).toBe(422);
    expect((await tag(id, 'x'.repeat(65), 1)).status).toBe(422);
    expect((await server.request('PUT', `/v1/datasets/${id}/tags/prod`, { key: p.read, body: { version: 1 } })).status).toBe(403);
    expect((await get(`/v1/datasets/${id}/tags`)).body.data).toEqual([]);
    expect((await server.request('DELETE', `/v1/datasets/${id}/tags/nosuch`, { key: p.write })).status).toBe(404);
    expect((await get(`/v1/datasets/${id}/datapoints?version=nosuch`)).status).toBe(404);
  });

  it('says in words what a tag name may be, not as a pattern', async () => {
    const id = await dataset();
    const res = await tag(id, '1abc', 0);
    expect(res.status).toBe(422);
    const words = 'must be a letter, then letters, digits, `.`, `_` or `-`; at most 64 characters';
    expect(res.body.errors).toEqual([{ field: 'params/name', message: words }]);
    expect(res.body.detail).toBe(`invalid request: params/name ${words}`);
  });

  it('reads pages, single datapoints, exports and diffs by tag or by time', async () => {
    const id = await dataset();
    const v1 = await history(id);
    await tag(id, 'baseline', 1);
    await tag(id, 'prod', 2);
    expect(await all(id, '&version=baseline')).toEqual(await all(id, '&version=1'));
    expect((await get(`/v1/datasets/${id}/datapoints/${v1[1].id}?version=baseline`)).body.input).toBe('b');
    expect((await get(`/v1/datasets/${id}/datapoints/${v1[1].id}?version=prod`)).status).toBe(404);
    const exported = (await get(`/v1/datasets/${id}/export?version=prod`)).text.trim().split('\n');
    expect(exported.map((line) => JSON.parse(line).input)).toEqual(['a', 'c', 'd']);
    const diff = (await get(`/v1/datasets/${id}/diff?from=baseline&to=prod`)).body;
    expect([diff.from, diff.to, diff.data.map((c: any) => c.change)]).toEqual([1, 2, ['changed', 'removed', 'added']]);

    const versions = (await get(`/v1/datasets/${id}/versions`)).body.data;
    const v2At = versions.find((v: any) => v.version === 2).created_at;
    expect((await get(`/v1/datasets/${id}/datapoints?as_of=${encodeURIComponent(v2At)}`)).body.version).toBe(2);
    expect((await get(`/v1/datasets/${id}/datapoints?as_of=2999-01-01T00:00:00Z`)).body.version).toBe(3);
    const early = await get(`/v1/datasets/${id}/datapoints?as_of=2001-01-01T00:00:00Z`);
    expect(early.status).toBe(422);
    expect(early.body.detail).toContain('before the dataset was created');
    expect((await get(`/v1/datasets/${id}/datapoints?as_of=${encodeURIComponent(v2At)}&version=1`)).status).toBe(422);
    expect((await get(`/v1/datasets/${id}/export?as_of=${encodeURIComponent(v2At)}`)).text.trim().split('\n')).toHaveLength(3);
  });

  it('restores an earlier version as a new one, bringing deleted datapoints back with their ids', async () => {
    const id = await dataset();
    const v1 = await history(id);
    await tag(id, 'baseline', 1);
    const restored = await server.request('POST', `/v1/datasets/${id}/restore`, { key: p.write, body: { version: 'baseline' } });
    expect(restored.status).toBe(201);
    expect(restored.body).toMatchObject({ version: 4, message: 'restore version 1', added: 1, updated: 1, deleted: 2, datapoint_count: 3 });
    expect((await all(id)).map(content)).toEqual(v1.map(content));
    expect((await get(`/v1/datasets/${id}/diff?from=1&to=4`)).body.data).toEqual([]);

    const stale = await server.request('POST', `/v1/datasets/${id}/restore`, { key: p.write, body: { version: 2, base_version: 3 } });
    expect(stale.status).toBe(409);
    expect((await server.request('POST', `/v1/datasets/${id}/restore`, { key: p.write, body: { version: 7 } })).status).toBe(404);
    expect((await get(`/v1/datasets/${id}`)).body.head_version).toBe(4);
  });

  it('restoring version N makes the head read exactly as N did, whatever came between', async () => {
    type Op = { kind: 'add'; n: number } | { kind: 'update' | 'delete'; pick: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('add' as const), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('update' as const), pick: fc.nat() }),
      fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 6 }), fc.nat(), async (ops, pickTarget) => {
        const id = await dataset();
        let made = 0;
        for (const o of ops) {
          const live = await all(id);
          if (o.kind === 'add') {
            await commit(id, { add: Array.from({ length: o.n }, () => ({ input: `row ${made}`, external_id: `k${made++}` })) });
          } else if (live.length > 0) {
            const target = live[o.pick % live.length];
            await commit(
              id,
              o.kind === 'delete' ? { delete: [target.id] } : { update: [{ id: target.id, expected_output: `v${made++}` }] },
            );
          }
        }
        const head = (await get(`/v1/datasets/${id}`)).body.head_version;
        const target = pickTarget % (head + 1);
        const before = (await all(id, `&version=${target}`)).map(content);
        expect((await server.request('POST', `/v1/datasets/${id}/restore`, { key: p.write, body: { version: target } })).status).toBe(201);
        expect((await all(id)).map(content)).toEqual(before);
      }),
      { numRuns: 12 },
    );
  });
});

describe(`splits (${DIALECT})`, () => {
  it('counts datapoints per split in any version, and diffs one split', async () => {
    const id = await dataset();
    await commit(id, {
      add: [
        { input: 'a', splits: ['train'] },
        { input: 'b', splits: ['train', 'validation'] },
        { input: 'c', splits: ['test'] },
        { input: 'd' },
      ],
    });
    const v1 = await all(id);
    await commit(id, { update: [{ id: v1[0].id, splits: ['test'] }], delete: [v1[1].id] });
    expect((await get(`/v1/datasets/${id}/splits?version=1`)).body).toEqual({
      version: 1,
      data: [
        { split: 'test', count: 1 },
        { split: 'train', count: 2 },
        { split: 'validation', count: 1 },
      ],
    });
    expect((await get(`/v1/datasets/${id}/splits`)).body.data).toEqual([{ split: 'test', count: 2 }]);
    const changes = (split: string) =>
      get(`/v1/datasets/${id}/diff?from=1&to=2&split=${split}`).then((r) => r.body.data.map((c: any) => c.id));
    expect(await changes('validation')).toEqual([v1[1].id]);
    expect(await changes('train')).toEqual([v1[0].id, v1[1].id]);
    expect(await changes('test')).toEqual([v1[0].id]);
    expect((await get(`/v1/datasets/${id}/splits?version=nosuch`)).status).toBe(404);
  });
});
