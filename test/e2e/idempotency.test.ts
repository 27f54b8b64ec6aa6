import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('idem');
});

const post = (path: string, body: object, idem: string, apiKey = p.write) =>
  server.request('POST', path, { key: apiKey, body, headers: { 'idempotency-key': idem } });

const datasetCount = async (key = p.read) => (await server.request('GET', '/v1/datasets?limit=1000', { key })).body.data.length;

describe(`Idempotency-Key (${DIALECT})`, () => {
  it('replays the first response to a retry with the same body, without doing the work again', async () => {
    const before = await datasetCount();
    const first = await post('/v1/datasets', { name: 'idem-a' }, 'key-1');
    const retry = await post('/v1/datasets', { name: 'idem-a' }, 'key-1');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await datasetCount()).toBe(before + 1);
  });

  it('refuses the same key with a different body', async () => {
    await post('/v1/datasets', { name: 'idem-b' }, 'key-2');
    const other = await post('/v1/datasets', { name: 'idem-c' }, 'key-2');
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency_key_reused');
    const list = await server.request('GET', '/v1/datasets?search=idem-c', { key: p.read });
    expect(list.body.data).toEqual([]);
  });

  it('does the work once under concurrent retries', async () => {
    const ds = (await post('/v1/datasets', { name: 'idem-race' }, 'key-3')).body;
    const body = { add: Array.from({ length: 300 }, (_, i) => ({ input: i })) };
    const results = await Promise.all(Array.from({ length: 6 }, () => post(`/v1/datasets/${ds.id}/versions`, body, 'commit-1')));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.text)).size).toBe(1);
    const stored = await server.request('GET', `/v1/datasets/${ds.id}`, { key: p.read });
    expect(stored.body).toMatchObject({ head_version: 1, datapoint_count: 300 });
  });

  it('keeps keys per project and replays errors that were not server faults', async () => {
    const q = await server.project('idem-other');
    const mine = await post('/v1/datasets', { name: 'shared-key' }, 'same-key');
    const theirs = await post('/v1/datasets', { name: 'shared-key' }, 'same-key', q.write);
    expect(mine.status).toBe(201);
    expect(theirs.status).toBe(201);
    expect(theirs.body.id).not.toBe(mine.body.id);

    const dup = await post('/v1/datasets', { name: 'shared-key' }, 'dup-key');
    expect(dup.status).toBe(409);
    expect((await post('/v1/datasets', { name: 'shared-key' }, 'dup-key')).status).toBe(409);
    expect((await post('/v1/datasets', { name: 'x' }, 'k'.repeat(256))).status).toBe(400);
  });
});
