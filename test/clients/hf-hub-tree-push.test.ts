import { createHash, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { commit, createRepo, deleteFile, downloadFile, listFiles, uploadFiles, type RepoDesignation } from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all } from './langsmith-client.js';

/**
 * The real `@huggingface/hub` pushing files that are not data: a folder of small and
 * large (multipart) files with a data split in one commit making one version; a LeRobot
 * v3 tree pushed, tagged `v3.0` through the Hub's tag route, and downloaded whole at
 * that tag; deletions of files and folders; and the commits that must leave nothing behind.
 */

const server = useServer();
let p: ProjectKeys;
let hub: { hubUrl: string; accessToken: string };

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A LeRobot v3 dataset's files: JSON metadata, Parquet tables and a video larger than one LFS part. */
const LEROBOT: Record<string, Uint8Array> = {
  'meta/info.json': Buffer.from(JSON.stringify({ codebase_version: 'v3.0', fps: 30, total_episodes: 1 })),
  'meta/stats.json': Buffer.from('{"action": {"mean": [0.5]}}'),
  'meta/tasks.parquet': Buffer.concat([Buffer.from('PAR1'), randomBytes(300), Buffer.from('PAR1')]),
  'meta/episodes/chunk-000/file-000.parquet': Buffer.concat([Buffer.from('PAR1'), randomBytes(500), Buffer.from('PAR1')]),
  'data/chunk-000/file-000.parquet': Buffer.concat([Buffer.from('PAR1'), randomBytes(2000), Buffer.from('PAR1')]),
  // Sent in parts: the server answers parts of 5 MiB.
  'videos/observation.images.top/chunk-000/file-000.mp4': Buffer.concat([
    Buffer.from([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 0x69, 0x73, 0x6f, 0x6d]),
    randomBytes(6 * 1024 * 1024),
  ]),
};

const filesOf = (tree: Record<string, Uint8Array>) => Object.entries(tree).map(([path, bytes]) => ({ path, content: new Blob([bytes]) }));

async function repoNamed(name: string): Promise<{ repo: RepoDesignation; id: string }> {
  const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/${name}` };
  await createRepo({ ...hub, repo });
  const listed = await server.request('GET', `/v1/datasets?limit=100&search=${name}`, { key: p.read });
  return { repo, id: listed.body.data.find((d: { name: string }) => d.name === name).id };
}

/** The version's tree as the native API lists it: path -> its SHA-256 and media type. */
async function treeOf(id: string, version?: number): Promise<Record<string, { sha256: string; mime_type: string }>> {
  const at = version === undefined ? '' : `&version=${version}`;
  const listed = await server.request('GET', `/v1/datasets/${id}/files?limit=100${at}`, { key: p.read });
  expect(listed.status, listed.text).toBe(200);
  return Object.fromEntries(listed.body.data.map((f: { path: string; sha256: string; mime_type: string }) => [f.path, f]));
}

const headOf = async (id: string) => (await server.request('GET', `/v1/datasets/${id}`, { key: p.read })).body.head_version as number;

/** The HTTP status and message of a refused client call, or null when it went through. */
async function refusal(call: Promise<unknown>): Promise<[number, string] | null> {
  try {
    await call;
    return null;
  } catch (error) {
    return [(error as { statusCode?: number }).statusCode ?? 0, (error as Error).message];
  }
}

beforeAll(async () => {
  p = await server.project('hf-tree-push');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.write}` };
});

describe(`@huggingface/hub pushing files (${DIALECT})`, () => {
  it('commits a folder of small and large files with a data split as one version, each file served as pushed', async () => {
    const { repo, id } = await repoNamed('mixed');
    const rows = [{ input: 'what is 2+2?', expected_output: '4' }];
    await uploadFiles({
      ...hub,
      repo,
      files: [...filesOf(LEROBOT), { path: 'data/train.jsonl', content: new Blob([JSON.stringify(rows[0])]) }],
    });
    expect(await headOf(id)).toBe(1);
    const tree = await treeOf(id);
    expect(Object.keys(tree).sort()).toEqual(Object.keys(LEROBOT).sort());
    for (const [path, bytes] of Object.entries(LEROBOT)) expect(tree[path].sha256, path).toBe(sha256(bytes));
    expect(tree['videos/observation.images.top/chunk-000/file-000.mp4'].mime_type).toBe('video/mp4');
    expect(tree['meta/info.json'].mime_type).toBe('application/json');
    const points = await server.request('GET', `/v1/datasets/${id}/datapoints?limit=10`, { key: p.read });
    expect(points.body.data.map((d: { input: unknown; splits: string[] }) => [d.input, d.splits])).toEqual([['what is 2+2?', ['train']]]);
    const video = 'videos/observation.images.top/chunk-000/file-000.mp4';
    const blob = await downloadFile({ ...hub, repo, path: video });
    expect(sha256(new Uint8Array(await blob!.arrayBuffer()))).toBe(sha256(LEROBOT[video]));
  });

  it('pushes a LeRobot v3 tree, tags it v3.0 through the Hub, and serves it whole at that tag after the head moves on', async () => {
    const { repo, id } = await repoNamed('robot');
    await uploadFiles({ ...hub, repo, files: filesOf(LEROBOT) });
    const tagged = await server.request('POST', `/compat/hf/api/datasets/${p.ns}/robot/tag/main`, {
      key: `hf_${p.write}`,
      body: { tag: 'v3.0' },
    });
    expect(tagged.status, tagged.text).toBe(200);
    await deleteFile({ ...hub, repo, path: 'meta/stats.json' });
    expect(await headOf(id)).toBe(2);
    const listed = await all(listFiles({ ...hub, repo, recursive: true, revision: 'v3.0' }));
    const files = listed.filter((f) => f.type === 'file').map((f) => f.path);
    expect(files.sort()).toEqual(['README.md', ...Object.keys(LEROBOT)].sort());
    for (const [path, bytes] of Object.entries(LEROBOT)) {
      const blob = await downloadFile({ ...hub, repo, revision: 'v3.0', path });
      expect(sha256(new Uint8Array(await blob!.arrayBuffer())), path).toBe(sha256(bytes));
    }
    expect(await downloadFile({ ...hub, repo, path: 'meta/stats.json' })).toBeNull();
    expect(Object.keys(await treeOf(id, 1))).toContain('meta/stats.json');
  });

  it('deletes a folder with everything in it, keeping a file put there by the same commit', async () => {
    const { repo, id } = await repoNamed('folders');
    await uploadFiles({ ...hub, repo, files: filesOf(LEROBOT) });
    const body = [
      { key: 'header', value: { summary: 'new metadata' } },
      { key: 'deletedFolder', value: { path: 'meta' } },
      { key: 'file', value: { path: 'meta/info.json', content: Buffer.from('{"fps": 60}').toString('base64'), encoding: 'base64' } },
    ];
    const committed = await fetch(`${server.url}/compat/hf/api/datasets/${p.ns}/folders/commit/main`, {
      method: 'POST',
      headers: { authorization: `Bearer ${p.write}`, 'content-type': 'application/x-ndjson' },
      body: body.map((line) => JSON.stringify(line)).join('\n'),
    });
    expect(committed.status, await committed.clone().text()).toBe(200);
    const tree = await treeOf(id);
    expect(Object.keys(tree).sort()).toEqual([
      'data/chunk-000/file-000.parquet',
      'meta/info.json',
      'videos/observation.images.top/chunk-000/file-000.mp4',
    ]);
    expect(tree['meta/info.json'].sha256).toBe(sha256(Buffer.from('{"fps": 60}')));
    const version = await server.request('GET', `/v1/datasets/${id}/versions/2`, { key: p.read });
    expect(version.body).toMatchObject({ files_added: 0, files_updated: 1, files_deleted: 3 });
    expect(await refusal(deleteFile({ ...hub, repo, path: 'meta/absent.json' }))).toEqual([404, expect.any(String)]);
  });

  it('commits nothing when a part of the commit is refused: a bad row beside files, a path a tree cannot hold, a read-only key', async () => {
    const { repo, id } = await repoNamed('refused');
    await uploadFiles({ ...hub, repo, files: [{ path: 'meta/info.json', content: new Blob(['{}']) }] });
    const before = await treeOf(id);
    const bad = { path: 'data/train.jsonl', content: new Blob(['{"input": "fine"}\nnot json']) };
    const next = { path: 'videos/clip.mp4', content: new Blob([LEROBOT['videos/observation.images.top/chunk-000/file-000.mp4']]) };
    expect((await refusal(uploadFiles({ ...hub, repo, files: [next, bad] })))?.[0]).toBe(400);
    expect(
      await refusal(
        commit({ ...hub, repo, title: 'odd', operations: [{ operation: 'addOrUpdate', path: 'a/../b.json', content: new Blob(['{}']) }] }),
      ),
    ).toEqual([400, expect.stringContaining('a/../b.json')]);
    const readOnly = { ...hub, accessToken: `hf_${p.read}` };
    expect((await refusal(uploadFiles({ ...readOnly, repo, files: [{ path: 'notes.txt', content: new Blob(['hi']) }] })))?.[0]).toBe(403);
    expect(await headOf(id)).toBe(1);
    expect(await treeOf(id)).toEqual(before);
    // What the refused import staged was taken back out: the next version holds only its own change.
    await uploadFiles({ ...hub, repo, files: [{ path: 'notes.txt', content: new Blob(['hi']) }] });
    expect(Object.keys(await treeOf(id)).sort()).toEqual(['meta/info.json', 'notes.txt']);
  });
});
