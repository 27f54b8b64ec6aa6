import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { commit, createRepo, downloadFile, uploadFiles, type CommitOperation, type RepoDesignation } from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The real `@huggingface/hub` pushing through the LFS batch API and multi-file commits:
 * small and large (multipart) objects, two shards of one split and another split in one
 * commit making one version, deleting a split, the commits that must change nothing, and
 * a file of other columns kept as a table (hf-hub-columns.test.ts has the whole of that).
 */

const server = useServer();
let p: ProjectKeys;
let hub: { hubUrl: string; accessToken: string };
let repo: RepoDesignation;
let datasetId: string;

interface Row {
  input: string;
  expected_output: string;
}

const rowsOf = (prefix: string, count: number, width = 8): Row[] =>
  Array.from({ length: count }, (_, i) => ({ input: `${prefix} ${i} ${randomBytes(width).toString('hex')}`, expected_output: `${i}` }));

const parquetOf = (rows: Row[]) =>
  new Blob([
    parquetWriteBuffer({
      columnData: [
        { name: 'input', data: rows.map((r) => r.input), type: 'STRING' },
        { name: 'expected_output', data: rows.map((r) => r.expected_output), type: 'STRING' },
      ],
    }),
  ]);

const jsonlOf = (rows: Row[]) => new Blob([rows.map((r) => JSON.stringify(r)).join('\n')]);

/** The rows of a split as the repository serves them at a revision. */
async function served(split: string, revision = 'main'): Promise<Row[]> {
  const blob = await downloadFile({ ...hub, repo, revision, path: `data/${split}-00000-of-00001.parquet` });
  if (!blob) return [];
  const rows = await parquetReadObjects({ file: await blob.arrayBuffer() });
  return rows.map((r) => ({ input: r.input as string, expected_output: r.expected_output as string }));
}

const head = async () => (await server.request('GET', `/v1/datasets/${datasetId}`, { key: p.read })).body.head_version as number;

/** The HTTP status of a refused client call (HubApiError carries it as statusCode). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode ?? 0;
  }
}

/** A fetch that remembers what it was asked for, by method and path. */
function recording(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    fetch: (url, init) => {
      calls.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
      return fetch(url, init);
    },
  };
}

const SHARD_0 = rowsOf('first shard', 20);
// Large enough that it goes in parts: the server answers parts of 5 MiB.
const SHARD_1 = rowsOf('second shard', 2900, 1000);
const TEST = rowsOf('test', 5);

beforeAll(async () => {
  p = await server.project('hf-push');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.write}` };
  repo = { type: 'dataset', name: `${p.ns}/sharded` };
  await createRepo({ ...hub, repo });
  datasetId = (await server.request('GET', '/v1/datasets?limit=100', { key: p.read })).body.data.find(
    (d: { name: string }) => d.name === 'sharded',
  ).id;
});

describe(`@huggingface/hub pushing by LFS and in several files (${DIALECT})`, () => {
  it('commits two shards of a split (one sent in parts) and another split as one version, read back equal', async () => {
    const large = parquetOf(SHARD_1);
    expect(large.size).toBeGreaterThan(5 * 1024 * 1024);
    const { fetch: recorded, calls } = recording();
    await uploadFiles({
      ...hub,
      repo,
      fetch: recorded,
      files: [
        { path: 'data/train-00001-of-00002.parquet', content: large },
        { path: 'data/train-00000-of-00002.parquet', content: parquetOf(SHARD_0) },
        { path: 'data/test.jsonl', content: jsonlOf(TEST) },
        { path: 'README.md', content: new Blob(['# sharded\n']) },
      ],
    });
    expect(await head()).toBe(1);
    expect(await served('train')).toEqual([...SHARD_0, ...SHARD_1]);
    expect(await served('test')).toEqual(TEST);
    // The large shard went in parts and was completed; the small one in one PUT; the JSON lines inline.
    const parts = calls.filter((c) => /^PUT \/compat\/hf\/lfs\/uploads\/[^/]+\/parts\/\d+$/.test(c));
    expect(parts).toHaveLength(Math.ceil(large.size / (5 * 1024 * 1024)));
    expect(calls.filter((c) => /^POST \/compat\/hf\/lfs\/uploads\/[^/]+\/complete$/.test(c))).toHaveLength(1);
    expect(calls.filter((c) => /^PUT \/compat\/hf\/lfs\/objects\//.test(c))).toHaveLength(1);
  });

  it('sends no bytes for an object the project already holds', async () => {
    const { fetch: recorded, calls } = recording();
    await uploadFiles({
      ...hub,
      repo,
      fetch: recorded,
      files: [
        { path: 'data/train-00000-of-00002.parquet', content: parquetOf(SHARD_0) },
        { path: 'data/train-00001-of-00002.parquet', content: parquetOf(SHARD_1) },
      ],
    });
    expect(calls.filter((c) => c.includes('/lfs/objects/batch'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('PUT ') || c.endsWith('/complete'))).toEqual([]);
  });

  it('keeps the splits a commit does not name, and deleting a split removes its rows in one version', async () => {
    const train = await served('train');
    const before = await head();
    const validation = rowsOf('validation', 3);
    await uploadFiles({ ...hub, repo, files: [{ path: 'data/validation.jsonl', content: jsonlOf(validation) }] });
    expect(await head()).toBe(before + 1);
    expect(await served('train')).toEqual(train);
    expect(await served('test')).toEqual(TEST);
    expect(await served('validation')).toEqual(validation);

    await commit({ ...hub, repo, title: 'drop test', operations: [{ operation: 'delete', path: 'data/test-00000-of-00001.parquet' }] });
    expect(await head()).toBe(before + 2);
    expect(await served('test')).toEqual([]);
    expect(await served('train')).toEqual(train);
    expect(await served('test', await sha(before + 1))).toEqual(TEST);
  });

  it('refuses a stale parent, a missing shard and a bad row, committing nothing', async () => {
    const before = await head();
    const parentCommit = (await sha(before - 1))!;
    const jsonl: CommitOperation = { operation: 'addOrUpdate', path: 'data/extra.jsonl', content: jsonlOf(rowsOf('extra', 2)) };
    expect(await statusOf(commit({ ...hub, repo, title: 'late', parentCommit, operations: [jsonl] }))).toBe(412);
    const refused = async (operations: CommitOperation[]) => {
      try {
        await commit({ ...hub, repo, title: 'refused', operations });
        return null;
      } catch (error) {
        return [(error as { statusCode: number }).statusCode, (error as Error).message];
      }
    };
    const lone = { operation: 'addOrUpdate', path: 'data/train-00001-of-00002.parquet', content: parquetOf(SHARD_0) } as const;
    expect(await refused([jsonl, lone])).toEqual([400, expect.stringContaining('data/train-00001-of-00002.parquet')]);
    const bad = { operation: 'addOrUpdate', path: 'data/bad.jsonl', content: new Blob(['{"input": "fine"}\nnot json']) } as const;
    expect((await refused([jsonl, bad]))?.[0]).toBe(400);
    expect(await head()).toBe(before);
    expect(await served('extra')).toEqual([]);
  });

  it('takes a file of other columns than datapoint fields as a table, served back with its own columns', async () => {
    const qa = new Blob([
      parquetWriteBuffer({
        columnData: [
          { name: 'question', data: ['2+2?'], type: 'STRING' },
          { name: 'answer', data: ['4'], type: 'STRING' },
        ],
      }),
    ]);
    await uploadFiles({ ...hub, repo, files: [{ path: 'data/qa-00000-of-00001.parquet', content: qa }] });
    const blob = await downloadFile({ ...hub, repo, path: 'data/qa-00000-of-00001.parquet' });
    expect(await parquetReadObjects({ file: await blob!.arrayBuffer() })).toEqual([{ question: '2+2?', answer: '4' }]);
  });
});

/** The commit id of a version, as the repository's refs and revisions name it. */
async function sha(version: number): Promise<string | undefined> {
  await server.request('PUT', `/v1/datasets/${datasetId}/tags/at-${version}`, { key: p.write, body: { version } });
  return (await server.request('GET', `/compat/hf/api/datasets/${p.ns}/sharded/revision/at-${version}`, { key: `hf_${p.read}` })).body.sha;
}
