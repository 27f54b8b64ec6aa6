import { beforeAll, describe, expect, it } from 'vitest';
import { datasetInfo, downloadFile, listFiles, type RepoDesignation } from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all } from './langsmith-client.js';

/**
 * One model: a robotics artifact (a lerobot_v3 dataset, linked to a job) whose path is
 * in its project's namespace is the Hub repository at that path, whatever its name, so
 * LeRobot code pointed at /compat/hf downloads the tree the artifact's versions hold.
 * No two datasets of a project can be one repository.
 */

const server = useServer();
let p: ProjectKeys;
let hub: { hubUrl: string; accessToken: string };

/** A small LeRobot v3 tree. */
const TREE: Record<string, { type: string; bytes: Uint8Array }> = {
  'meta/info.json': { type: 'application/json', bytes: Buffer.from(JSON.stringify({ codebase_version: 'v3.0', robot_type: 'so100' })) },
  'meta/tasks.parquet': { type: 'application/vnd.apache.parquet', bytes: Buffer.from('PAR1 pick the cube PAR1') },
  'data/chunk-000/file-000.parquet': { type: 'application/vnd.apache.parquet', bytes: Buffer.from('PAR1 frames PAR1') },
  'videos/observation.images.wrist/chunk-000/file-000.mp4': {
    type: 'video/mp4',
    bytes: Uint8Array.from({ length: 20_000 }, (_, i) => (i * 13) % 256),
  },
};

const v1 = (method: string, path: string, body?: object, key = p.write) => server.request(method, `/v1${path}`, { key, body });
const robotics = async () =>
  (await server.request('GET', '/compat/robotics/v1/datasets/list?sort=oldest', { key: null, headers: { 'x-api-key': p.read } })).body
    .items as { artifact_id: string; path: string; jobs: unknown[] }[];

/** Commits the tree as the dataset's next version through /v1 and tags it. */
async function commitTree(datasetId: string, tag: string): Promise<void> {
  const put = [];
  for (const [path, file] of Object.entries(TREE)) {
    const uploaded = await server.request('POST', '/v1/attachments', { key: p.write, raw: { type: file.type, data: file.bytes } });
    put.push({ path, attachment_id: uploaded.body.id });
  }
  const committed = await v1('POST', `/datasets/${datasetId}/versions`, { message: 'episodes 0-9', files: { put } });
  expect(committed.status, committed.text).toBe(201);
  expect((await v1('PUT', `/datasets/${datasetId}/tags/${tag}`, { version: committed.body.version })).status).toBe(201);
}

beforeAll(async () => {
  p = await server.project('robot-hub');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.read}` };
});

describe(`robotics artifacts as Hub repositories (${DIALECT})`, () => {
  it("serves an artifact at its path's repository: LeRobot's tree at v3.0, and the robotics listing with its job", async () => {
    const artifact = await v1('POST', '/datasets', { name: 'so100 episodes', type: 'lerobot_v3', path: `${p.ns}/pick-cube` });
    expect(artifact.status).toBe(201);
    const job = (await v1('POST', '/jobs', { name: 'train-act', kind: 'training' })).body.id;
    expect((await v1('POST', `/jobs/${job}/datasets`, { dataset_id: artifact.body.id, direction: 'input' })).status).toBe(201);
    await commitTree(artifact.body.id, 'v3.0');

    const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/pick-cube` };
    expect(await datasetInfo({ ...hub, name: repo.name })).toMatchObject({ id: artifact.body.id, name: `${p.ns}/pick-cube` });
    const files = (await all(listFiles({ ...hub, repo, recursive: true, revision: 'v3.0' }))).filter((f) => f.type === 'file');
    expect(files.map((f) => f.path).sort()).toEqual(['README.md', ...Object.keys(TREE)].sort());
    for (const [path, file] of Object.entries(TREE)) {
      const blob = await downloadFile({ ...hub, repo, revision: 'v3.0', path });
      expect(new Uint8Array(await blob!.arrayBuffer()), path).toEqual(new Uint8Array(file.bytes));
    }
    const listed = await server.request('GET', '/compat/hf/api/datasets', { key: p.read });
    expect(listed.body.map((d: { id: string }) => d.id)).toEqual([`${p.ns}/pick-cube`]);
    // The repository is the path's: the artifact's own name names none.
    const byName = await server.request('GET', `/compat/hf/api/datasets/${p.ns}/so100%20episodes`, { key: p.read });
    expect([byName.status, byName.headers.get('x-error-code')]).toEqual([404, 'RepoNotFound']);

    expect(await robotics()).toEqual([
      expect.objectContaining({ artifact_id: artifact.body.id, path: `${p.ns}/pick-cube`, jobs: [{ job_id: job, direction: 'input' }] }),
    ]);
  });

  it("answers another project's key 404 RepoNotFound, through the client and over HTTP", async () => {
    const other = await server.project('robot-hub-other');
    const theirs = { hubUrl: hub.hubUrl, accessToken: `hf_${other.read}` };
    const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/pick-cube` };
    await expect(all(listFiles({ ...theirs, repo, revision: 'v3.0' }))).rejects.toMatchObject({ statusCode: 404 });
    await expect(downloadFile({ ...theirs, repo, revision: 'v3.0', path: 'meta/info.json' })).rejects.toMatchObject({ statusCode: 404 });
    for (const path of [`/api/datasets/${p.ns}/pick-cube/tree/v3.0`, `/datasets/${p.ns}/pick-cube/resolve/v3.0/meta/info.json`]) {
      const res = await server.request('GET', `/compat/hf${path}`, { key: `hf_${other.read}` });
      expect([res.status, res.headers.get('x-error-code')], path).toEqual([404, 'RepoNotFound']);
    }
  });

  it('refuses a name or a path that would make two datasets one repository; paths in other namespaces are labels', async () => {
    const taken = `the repository "pick-cube" of its namespace`;
    for (const res of [
      await v1('POST', '/datasets', { name: 'pick-cube' }),
      await v1('POST', '/datasets', { name: 'twin', type: 'lerobot_v3', path: `${p.ns}/pick-cube` }),
      await server.request('POST', '/compat/hf/api/repos/create', { key: p.write, body: { name: 'pick-cube', type: 'dataset' } }),
    ]) {
      expect(res.status).toBe(409);
      expect(JSON.stringify(res.body)).toContain('already');
    }
    const other = (await v1('POST', '/datasets', { name: 'other' })).body;
    expect(await v1('PATCH', `/datasets/${other.id}`, { name: 'pick-cube' })).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining(taken) },
    });
    expect(await v1('PATCH', `/datasets/${other.id}`, { path: `${p.ns}/pick-cube` })).toMatchObject({ status: 409 });
    expect((await v1('GET', `/datasets/${other.id}`)).body).toMatchObject({ name: 'other', path: null });

    // The same path in another namespace is a label: any number of datasets carry it, and it is no repository here.
    for (const name of ['label-1', 'label-2']) {
      expect((await v1('POST', '/datasets', { name, type: 'sarm_progress', path: 'elsewhere/pick-cube' })).status).toBe(201);
    }
    const foreign = await server.request('GET', '/compat/hf/api/datasets/elsewhere/pick-cube', { key: p.read });
    expect(foreign.status).toBe(404);
    // A deleted dataset's repository is free again; the deleted one cannot come back while another is it.
    const gone = (await v1('POST', '/datasets', { name: 'gone', type: 'lerobot_v3', path: `${p.ns}/arm` })).body;
    expect((await v1('DELETE', `/datasets/${gone.id}`)).status).toBe(204);
    expect((await v1('POST', '/datasets', { name: 'arm' })).status).toBe(201);
    expect(await v1('POST', `/datasets/${gone.id}/undelete`)).toMatchObject({
      status: 409,
      body: { detail: expect.stringContaining('"arm"') },
    });
  });

  it('gives a repository made through the Hub, then typed lerobot_v3, its own address as path: the listing and the Hub agree', async () => {
    const made = await server.request('POST', '/compat/hf/api/repos/create', { key: p.write, body: { name: 'arm-demo', type: 'dataset' } });
    expect(made.status).toBe(200);
    const typed = await v1('PATCH', `/datasets/${made.body.id}`, { type: 'lerobot_v3' });
    expect(typed.body).toMatchObject({ type: 'lerobot_v3', path: `${p.ns}/arm-demo` });
    await commitTree(made.body.id, 'v3.0');
    expect((await robotics()).find((a) => a.artifact_id === made.body.id)?.path).toBe(`${p.ns}/arm-demo`);
    const files = await all(listFiles({ ...hub, repo: { type: 'dataset', name: `${p.ns}/arm-demo` }, recursive: true, revision: 'v3.0' }));
    expect(files.filter((f) => f.type === 'file').map((f) => f.path)).toContain('meta/info.json');
    // Renamed, it keeps its path and so its repository.
    await v1('PATCH', `/datasets/${made.body.id}`, { name: 'arm demo, renamed' });
    const info = await server.request('GET', `/compat/hf/api/datasets/${p.ns}/arm-demo`, { key: p.read });
    expect(info.body).toMatchObject({ _id: made.body.id, id: `${p.ns}/arm-demo` });
  });
});
