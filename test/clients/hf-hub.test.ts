import { beforeAll, describe, expect, it } from 'vitest';
import { parquetReadObjects } from 'hyparquet';
import {
  commit,
  createRepo,
  datasetInfo,
  downloadFile,
  fileExists,
  listDatasets,
  listFiles,
  pathsInfo,
  uploadFile,
  type RepoDesignation,
} from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all } from './langsmith-client.js';

/**
 * The real `@huggingface/hub` against datashelf's Hub surface: a dataset of datapoints
 * read as a Hub dataset repository at main, at a tag and at a commit, its Parquet files
 * downloaded (whole and by range) and read back equal to the datapoints.
 */

const server = useServer();
let p: ProjectKeys;
let datasetId: string;
let repo: RepoDesignation;
let hub: { hubUrl: string; accessToken: string };

const TRAIN = 'data/train-00000-of-00001.parquet';
const TEST = 'data/test-00000-of-00001.parquet';

beforeAll(async () => {
  p = await server.project('hf-js');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.read}` };
  repo = { type: 'dataset', name: `${p.ns}/chat` };
  datasetId = (await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'chat', description: 'Support chats' } })).body
    .id;
  const add = Array.from({ length: 30 }, (_, i) => ({
    input: { messages: [{ role: 'user', content: `question ${i}` }] },
    expected_output: `answer ${i}`,
    metadata: { i },
    splits: [i % 3 === 0 ? 'test' : 'train'],
  }));
  await server.request('POST', `/v1/datasets/${datasetId}/versions`, { key: p.write, body: { add } });
  await server.request('PUT', `/v1/datasets/${datasetId}/tags/v1.0`, { key: p.write, body: { version: 1 } });
  const removed = (await server.request('GET', `/v1/datasets/${datasetId}/datapoints?split=test&limit=1`, { key: p.read })).body.data[0].id;
  await server.request('POST', `/v1/datasets/${datasetId}/versions`, { key: p.write, body: { delete: [removed] } });
});

/** The datapoints of a split at a version, as /v1 lists them. */
async function datapointsOf(split: string, version: number) {
  const res = await server.request('GET', `/v1/datasets/${datasetId}/datapoints?split=${split}&version=${version}&limit=1000`, {
    key: p.read,
  });
  return res.body.data as { id: string; input: unknown; expected_output: unknown; metadata: unknown; splits: string[] }[];
}

/** The HTTP status of a refused client call (HubApiError carries it as statusCode). */
async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    return (error as { statusCode?: number }).statusCode ?? 0;
  }
}

const parquetRows = async (blob: Blob) => parquetReadObjects({ file: await blob.arrayBuffer() });

describe(`@huggingface/hub against /compat/hf (${DIALECT})`, () => {
  it('reads dataset info at main and at a tag', async () => {
    const info = await datasetInfo({ ...hub, name: `${p.ns}/chat`, additionalFields: ['sha', 'cardData', 'author'] });
    expect(info).toMatchObject({ id: datasetId, name: `${p.ns}/chat`, private: true, author: p.ns });
    expect(info.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(info.updatedAt).toBeInstanceOf(Date);
    expect(info.cardData).toEqual({
      configs: [
        {
          config_name: 'default',
          data_files: [
            { split: 'test', path: 'data/test-*' },
            { split: 'train', path: 'data/train-*' },
          ],
        },
      ],
    });
    const tagged = await datasetInfo({ ...hub, name: `${p.ns}/chat`, revision: 'v1.0', additionalFields: ['sha'] });
    expect(tagged.sha).not.toBe(info.sha);
    const again = await datasetInfo({ ...hub, name: `${p.ns}/chat`, revision: tagged.sha, additionalFields: ['sha'] });
    expect(again.sha).toBe(tagged.sha);
  });

  it("lists the key's repositories, by owner and name, page by page", async () => {
    await server.request('POST', '/v1/datasets', { key: p.write, body: { name: 'chat-empty', tags: ['draft'] } });
    const names = async (search: { query?: string; owner?: string; tags?: string[] }) =>
      (await all(listDatasets({ ...hub, search }))).map((d) => d.name);
    expect(await names({})).toEqual([`${p.ns}/chat-empty`, `${p.ns}/chat`]);
    expect(await names({ owner: p.ns, query: 'empty' })).toEqual([`${p.ns}/chat-empty`]);
    expect(await names({ tags: ['draft'] })).toEqual([`${p.ns}/chat-empty`]);
    expect(await names({ owner: 'someone-else' })).toEqual([]);
    // The client asks for pages of 500 and follows Link; ask for one per page so it must follow it.
    const onePerPage: typeof fetch = (url, init) => fetch((url as string).replace(/limit=\d+/, 'limit=1'), init);
    const paged = await all(listDatasets({ ...hub, fetch: onePerPage }));
    expect(paged.map((d) => [d.name, d.private])).toEqual([
      [`${p.ns}/chat-empty`, true],
      [`${p.ns}/chat`, true],
    ]);
    expect(paged[1].id).toBe(datasetId);
  });

  it('lists the files at main, at a tag and at a commit', async () => {
    const paths = async (revision?: string) => (await all(listFiles({ ...hub, repo, recursive: true, revision }))).map((f) => f.path);
    const expected = ['README.md', 'data', TEST, TRAIN];
    expect(await paths()).toEqual(expected);
    expect(await paths('v1.0')).toEqual(expected);
    const { sha } = await datasetInfo({ ...hub, name: `${p.ns}/chat`, revision: 'v1.0', additionalFields: ['sha'] });
    const atSha = await all(listFiles({ ...hub, repo, recursive: true, revision: sha }));
    expect(atSha.map((f) => f.path)).toEqual(expected);
    const train = atSha.find((f) => f.path === TRAIN)!;
    expect(train).toMatchObject({ type: 'file', lfs: { size: train.size } });
    const top = await all(listFiles({ ...hub, repo }));
    expect(top.map((f) => [f.path, f.type])).toEqual([
      ['README.md', 'file'],
      ['data', 'directory'],
    ]);
    expect((await pathsInfo({ ...hub, repo, paths: [TRAIN, 'nope'] })).map((f) => f.path)).toEqual([TRAIN]);
  });

  it('downloads Parquet files equal to the datapoints of each split and version, and reads byte ranges', async () => {
    for (const [revision, version] of [
      ['main', 2],
      ['v1.0', 1],
    ] as const) {
      for (const split of ['train', 'test']) {
        const blob = await downloadFile({ ...hub, repo, revision, path: `data/${split}-00000-of-00001.parquet` });
        const rows = await parquetRows(blob!);
        const expected = await datapointsOf(split, version);
        expect(
          rows.map((r) => [r.id, r.input, r.expected_output, r.metadata, r.splits]),
          `${revision} ${split}`,
        ).toEqual(expected.map((d) => [d.id, d.input, d.expected_output, d.metadata, d.splits]));
      }
    }
    const whole = new Uint8Array(await (await downloadFile({ ...hub, repo, path: TRAIN }))!.arrayBuffer());
    expect(new TextDecoder().decode(whole.subarray(0, 4))).toBe('PAR1');
    const slice = new Uint8Array(await (await downloadFile({ ...hub, repo, path: TRAIN }))!.slice(10, 50).arrayBuffer());
    expect(slice).toEqual(whole.subarray(10, 50));
    const card = await (await downloadFile({ ...hub, repo, path: 'README.md' }))!.text();
    expect(card).toMatch(/^---\nconfigs:\n/);
    expect(card).toContain('# chat\n\nSupport chats\n');
    expect(await downloadFile({ ...hub, repo, path: 'data/validation-00000-of-00001.parquet' })).toBeNull();
    expect(await fileExists({ ...hub, repo, path: TRAIN })).toBe(true);
    expect(await fileExists({ ...hub, repo, path: 'nope.txt' })).toBe(false);
  });

  it("answers another project's key 404 RepoNotFound on every route, in another namespace or the same one", async () => {
    const other = await server.project('hf-other');
    const key = await server.request('POST', `/v1/namespaces/${p.ns}/projects`, { body: { slug: 'neighbour', name: 'neighbour' } });
    expect(key.status).toBe(201);
    const neighbour = (
      await server.request('POST', `/v1/namespaces/${p.ns}/projects/neighbour/api-keys`, { body: { name: 'r', role: 'admin' } })
    ).body.key as string;
    for (const token of [other.admin, neighbour]) {
      const theirs = { hubUrl: hub.hubUrl, accessToken: `hf_${token}` };
      expect(await statusOf(datasetInfo({ ...theirs, name: `${p.ns}/chat` }))).toBe(404);
      expect(await statusOf(all(listFiles({ ...theirs, repo })))).toBe(404);
      expect(await statusOf(pathsInfo({ ...theirs, repo, paths: [TRAIN] }))).toBe(404);
      expect(await statusOf(downloadFile({ ...theirs, repo, path: TRAIN }))).toBe(404);
      for (const path of [
        `/api/datasets/${p.ns}/chat`,
        `/api/datasets/${p.ns}/chat/revision/main`,
        `/api/datasets/${p.ns}/chat/tree/main`,
        `/api/datasets/${p.ns}/chat/tree/main/data`,
        `/api/datasets/${p.ns}/chat/refs`,
        `/datasets/${p.ns}/chat/resolve/main/README.md`,
        `/datasets/${p.ns}/chat/raw/main/README.md`,
      ]) {
        const res = await server.request('GET', `/compat/hf${path}`, { key: `hf_${token}` });
        expect([res.status, res.headers.get('x-error-code')], path).toEqual([404, 'RepoNotFound']);
        expect(res.body).toEqual({ error: 'Repository not found' });
      }
    }
  });
});

describe(`@huggingface/hub pushing to /compat/hf (${DIALECT})`, () => {
  it('creates a repository and commits a split as one version: JSONL, then Parquet read back equal', async () => {
    const writer = { hubUrl: hub.hubUrl, accessToken: `hf_${p.write}` };
    const pushed: RepoDesignation = { type: 'dataset', name: `${p.ns}/pushed` };
    const made = await createRepo({ ...writer, repo: pushed });
    expect(made.repoUrl).toBe(`${hub.hubUrl}/datasets/${p.ns}/pushed`);
    expect(await statusOf(createRepo({ ...writer, repo: pushed }))).toBe(409);
    expect(await statusOf(createRepo({ ...writer, repo: { type: 'dataset', name: 'elsewhere/x' } }))).toBe(403);
    expect(await statusOf(createRepo({ ...hub, repo: { type: 'dataset', name: `${p.ns}/by-reader` } }))).toBe(403);

    const lines = ['{"input":"2+2?","expected_output":"4"}', '{"input":"3+3?","expected_output":"6"}'].join('\n');
    await uploadFile({ ...writer, repo: pushed, file: { path: 'data/train.jsonl', content: new Blob([lines]) } });
    const v1 = (await server.request('GET', `/v1/datasets?limit=100`, { key: p.read })).body.data.find(
      (d: { name: string }) => d.name === 'pushed',
    );
    expect(v1.head_version).toBe(1);
    const rows = (await server.request('GET', `/v1/datasets/${v1.id}/datapoints`, { key: p.read })).body.data;
    expect(rows.map((d: { input: unknown; expected_output: unknown; splits: string[] }) => [d.input, d.expected_output, d.splits])).toEqual(
      [
        ['2+2?', '4', ['train']],
        ['3+3?', '6', ['train']],
      ],
    );
    const info = await datasetInfo({ ...hub, name: `${p.ns}/pushed`, additionalFields: ['sha'] });

    const parquet = await downloadFile({ ...hub, repo, revision: 'v1.0', path: TRAIN });
    await uploadFile({ ...writer, repo: pushed, file: { path: TRAIN, content: parquet! } });
    const back = await parquetRows((await downloadFile({ ...hub, repo: pushed, path: TRAIN }))!);
    const original = await datapointsOf('train', 1);
    expect(back.map((r) => [r.input, r.expected_output, r.metadata, r.splits])).toEqual(
      original.map((d) => [d.input, d.expected_output, d.metadata, d.splits]),
    );

    const stale = commit({
      ...writer,
      repo: pushed,
      title: 'late',
      parentCommit: info.sha,
      operations: [{ operation: 'addOrUpdate', path: 'data/train.jsonl', content: new Blob([lines]) }],
    });
    expect(await statusOf(stale)).toBe(412);
    const other = await server.project('hf-push-other');
    expect(
      await statusOf(
        uploadFile({
          hubUrl: hub.hubUrl,
          accessToken: `hf_${other.write}`,
          repo: pushed,
          file: { path: 'data/train.jsonl', content: new Blob([lines]) },
        }),
      ),
    ).toBe(404);
    expect((await server.request('GET', `/v1/datasets/${v1.id}`, { key: p.read })).body.head_version).toBe(2);
  });
});
