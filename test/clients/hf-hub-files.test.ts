import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { datasetInfo, downloadFile, listFiles, pathsInfo, type RepoDesignation } from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all } from './langsmith-client.js';

/**
 * The real `@huggingface/hub` reading a dataset that holds files: a LeRobot v3 tree made
 * through the native API (attachments uploaded, the tree committed, tagged `v3.0`)
 * lists recursively and downloads whole at that tag; a split larger than a shard is
 * served as several Parquet shards, named by a glob in the card.
 */

const SHARD_ROWS = 4;
const server = useServer({ hubShardRows: SHARD_ROWS });
let p: ProjectKeys;
let hub: { hubUrl: string; accessToken: string };

/** A LeRobot v3 dataset's files, small. */
const LEROBOT: Record<string, { type: string; bytes: Uint8Array }> = {
  'meta/info.json': { type: 'application/json', bytes: Buffer.from(JSON.stringify({ codebase_version: 'v3.0', fps: 30 })) },
  'meta/stats.json': { type: 'application/json', bytes: Buffer.from('{}') },
  'meta/tasks.parquet': { type: 'application/vnd.apache.parquet', bytes: Buffer.from('PAR1 tasks PAR1') },
  'meta/episodes/chunk-000/file-000.parquet': { type: 'application/vnd.apache.parquet', bytes: Buffer.from('PAR1 episodes PAR1') },
  'data/chunk-000/file-000.parquet': { type: 'application/vnd.apache.parquet', bytes: Buffer.from('PAR1 frames PAR1') },
  'videos/observation.images.top/chunk-000/file-000.mp4': {
    type: 'video/mp4',
    bytes: Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256),
  },
};

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

beforeAll(async () => {
  p = await server.project('hf-files');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.read}` };
});

/** A dataset whose version 1 is the LeRobot tree, tagged v3.0, and whose head has moved on since. */
async function lerobotDataset(name: string): Promise<string> {
  const id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name } })).body.id;
  const put = [];
  for (const [path, file] of Object.entries(LEROBOT)) {
    const uploaded = await server.request('POST', '/v1/attachments', { key: p.write, raw: { type: file.type, data: file.bytes } });
    put.push({ path, attachment_id: uploaded.body.id });
  }
  const committed = await server.request('POST', `/v1/datasets/${id}/versions`, {
    key: p.write,
    body: { message: 'v3.0', files: { put } },
  });
  expect(committed.status, committed.text).toBe(201);
  await server.request('PUT', `/v1/datasets/${id}/tags/v3.0`, { key: p.write, body: { version: 1 } });
  await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { files: { delete: ['meta/stats.json'] } } });
  return id;
}

describe(`@huggingface/hub reading a dataset's files (${DIALECT})`, () => {
  it('lists a LeRobot v3 tree recursively and downloads it whole at its tag', async () => {
    await lerobotDataset('robot');
    const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/robot` };
    const listed = await all(listFiles({ ...hub, repo, recursive: true, revision: 'v3.0' }));
    const files = listed.filter((f) => f.type === 'file');
    expect(files.map((f) => f.path).sort()).toEqual(['README.md', ...Object.keys(LEROBOT)].sort());
    expect(listed.filter((f) => f.type === 'directory').map((f) => f.path)).toEqual(
      expect.arrayContaining(['data', 'meta', 'meta/episodes', 'meta/episodes/chunk-000', 'videos/observation.images.top/chunk-000']),
    );
    for (const [path, file] of Object.entries(LEROBOT)) {
      const entry = files.find((f) => f.path === path)!;
      expect(entry, path).toMatchObject({ size: file.bytes.length, lfs: { oid: sha256(file.bytes), size: file.bytes.length } });
      const blob = await downloadFile({ ...hub, repo, revision: 'v3.0', path });
      expect(new Uint8Array(await blob!.arrayBuffer()), path).toEqual(new Uint8Array(file.bytes));
    }
    // The head no longer holds what the commit after the tag deleted; the tag still does.
    const head = await all(listFiles({ ...hub, repo, recursive: true }));
    expect(head.map((f) => f.path)).not.toContain('meta/stats.json');
    expect(await downloadFile({ ...hub, repo, path: 'meta/stats.json' })).toBeNull();
    expect((await pathsInfo({ ...hub, repo, revision: 'v3.0', paths: ['meta/stats.json', 'videos'] })).map((f) => f.path)).toEqual([
      'videos',
      'meta/stats.json',
    ]);
    // `siblings` is what huggingface_hub's snapshot_download walks.
    const info = await server.request('GET', `/compat/hf/api/datasets/${repo.name}/revision/v3.0`, { key: p.read });
    expect(info.body.siblings.map((s: { rfilename: string }) => s.rfilename).sort()).toEqual(['README.md', ...Object.keys(LEROBOT)].sort());
  });

  it('serves a file of the tree with the headers huggingface_hub reads, whole and by range', async () => {
    await lerobotDataset('robot-http');
    const video = 'videos/observation.images.top/chunk-000/file-000.mp4';
    const url = `${server.url}/compat/hf/datasets/${p.ns}/robot-http/resolve/v3.0/${video}`;
    const headers = { authorization: `Bearer ${p.read}` };
    const head = await fetch(url, { method: 'HEAD', headers });
    const bytes = LEROBOT[video].bytes;
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(`"${sha256(bytes)}"`);
    expect(head.headers.get('x-linked-etag')).toBe(`"${sha256(bytes)}"`);
    expect(head.headers.get('x-linked-size')).toBe(String(bytes.length));
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect(head.headers.get('content-type')).toBe('video/mp4');
    expect(head.headers.get('x-repo-commit')).toMatch(/^[0-9a-f]{40}$/);
    const part = await fetch(url, { headers: { ...headers, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(100, 200));
    const cached = await fetch(url, { headers: { ...headers, 'if-none-match': `"${sha256(bytes)}"` } });
    expect(cached.status).toBe(304);
  });

  it("serves a tree's own README.md and data/ files in place of the rendered ones, at any path it may hold", async () => {
    const id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'own-card' } })).body.id;
    const card = (await server.request('POST', '/v1/attachments', { key: p.write, raw: { type: 'text/markdown', data: '# mine' } })).body
      .id;
    const data = (await server.request('POST', '/v1/attachments', { key: p.write, raw: { type: 'application/json', data: '[]' } })).body.id;
    const put = [
      { path: 'README.md', attachment_id: card },
      { path: 'data/own.json', attachment_id: data },
      { path: 'notes/été & co (1).json', attachment_id: data },
    ];
    await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add: [{ input: 'q' }], files: { put } } });
    const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/own-card` };
    expect((await all(listFiles({ ...hub, repo, recursive: true }))).map((f) => f.path)).toEqual([
      'README.md',
      'data',
      'data/own.json',
      'notes',
      'notes/été & co (1).json',
    ]);
    expect(await (await downloadFile({ ...hub, repo, path: 'README.md' }))!.text()).toBe('# mine');
    // A path with spaces, accents and punctuation resolves as the client encodes it.
    expect(await (await downloadFile({ ...hub, repo, path: 'notes/été & co (1).json' }))!.text()).toBe('[]');
  });

  it('renders a split larger than a shard as several shards, named by a glob in the card, the same bytes every time', async () => {
    const id = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'sharded' } })).body.id;
    const add = Array.from({ length: 10 }, (_, i) => ({ input: `q${i}`, splits: [i < 9 ? 'train' : 'test'] }));
    await server.request('POST', `/v1/datasets/${id}/versions`, { key: p.write, body: { add } });
    const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/sharded` };
    const shards = ['data/train-00000-of-00003.parquet', 'data/train-00001-of-00003.parquet', 'data/train-00002-of-00003.parquet'];
    const listed = await all(listFiles({ ...hub, repo, recursive: true }));
    expect(listed.map((f) => f.path)).toEqual(['README.md', 'data', 'data/test-00000-of-00001.parquet', ...shards]);
    const inputs: string[] = [];
    for (const path of shards) {
      const bytes = await (await downloadFile({ ...hub, repo, path }))!.arrayBuffer();
      const rows = (await parquetReadObjects({ file: bytes })) as { input: string }[];
      expect(rows.length, path).toBeLessThanOrEqual(SHARD_ROWS);
      inputs.push(...rows.map((r) => r.input));
      expect(sha256(new Uint8Array(bytes))).toBe(listed.find((f) => f.path === path)!.lfs!.oid);
      const again = await (await downloadFile({ ...hub, repo, path }))!.arrayBuffer();
      expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    }
    expect(inputs).toEqual(add.slice(0, 9).map((d) => d.input));
    const info = await datasetInfo({ ...hub, name: repo.name, additionalFields: ['cardData'] });
    const configs = (info.cardData as { configs: { data_files: { split: string; path: string }[] }[] }).configs;
    expect(configs[0].data_files.map((f) => `${f.split}: ${f.path}`)).toEqual(['test: data/test-*', 'train: data/train-*']);
  });
});
