import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;

beforeAll(async () => {
  p = await server.project('jobs');
});

const req = (method: string, path: string, body?: object) => server.request(method, path, { key: p.write, body });

describe(`jobs and artifact datasets (${DIALECT})`, () => {
  it('creates jobs and links datasets to them in a direction, listed on both sides', async () => {
    const job = await req('POST', '/v1/jobs', { name: 'train-act', kind: 'training' });
    expect(job.status).toBe(201);
    expect(job.body).toMatchObject({ name: 'train-act', kind: 'training', status: 'queued' });
    const data = (
      await req('POST', '/v1/datasets', { name: 'pick-place', type: 'lerobot_v3', path: 'acme/pick_place-v1.2', metadata: { fps: 30 } })
    ).body;
    expect(data).toMatchObject({ type: 'lerobot_v3', path: 'acme/pick_place-v1.2', metadata: { fps: 30 } });
    const out = (await req('POST', '/v1/datasets', { name: 'progress', type: 'sarm_progress', path: 'acme/progress' })).body;

    expect((await req('POST', `/v1/jobs/${job.body.id}/datasets`, { dataset_id: data.id, direction: 'input' })).status).toBe(201);
    expect((await req('POST', `/v1/jobs/${job.body.id}/datasets`, { dataset_id: out.id, direction: 'output' })).status).toBe(201);
    expect((await req('POST', `/v1/jobs/${job.body.id}/datasets`, { dataset_id: data.id, direction: 'input' })).status).toBe(409);
    expect((await req('POST', `/v1/jobs/${job.body.id}/datasets`, { dataset_id: data.id, direction: 'sideways' })).status).toBe(422);
    expect(
      (await req('POST', `/v1/jobs/${job.body.id}/datasets`, { dataset_id: '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b', direction: 'input' }))
        .status,
    ).toBe(404);

    const ofJob = await req('GET', `/v1/jobs/${job.body.id}/datasets`);
    expect(ofJob.body.data.map((l: any) => [l.dataset_id, l.direction])).toEqual([
      [data.id, 'input'],
      [out.id, 'output'],
    ]);
    const ofDataset = await req('GET', `/v1/datasets/${out.id}/jobs`);
    expect(ofDataset.body.data).toEqual([{ job_id: job.body.id, dataset_id: out.id, direction: 'output', created_at: expect.any(String) }]);
    expect((await req('GET', '/v1/jobs')).body.data.map((j: any) => j.id)).toContain(job.body.id);
    expect((await req('GET', `/v1/jobs/${job.body.id}`)).body.name).toBe('train-act');
  });

  it("requires a valid owner/name path for artifact types, its repository's when none is given", async () => {
    expect((await req('POST', '/v1/datasets', { name: 'no path', type: 'lerobot_v3' })).status).toBe(422);
    expect((await req('POST', '/v1/datasets', { name: 'no-path', type: 'lerobot_v3' })).body.path).toBe(`${p.ns}/no-path`);
    for (const path of ['noslash', 'a/b/c', '/name', 'owner/', 'own er/x', 'o/-x', 'o/x-', 'o/' + 'x'.repeat(97)]) {
      expect((await req('POST', '/v1/datasets', { name: `bad ${path}`, type: 'lerobot_v3', path })).status, path).toBe(422);
    }
    const plain = (await req('POST', '/v1/datasets', { name: 'plain' })).body;
    expect(plain.path).toBeNull();
    expect((await req('PATCH', `/v1/datasets/${plain.id}`, { type: 'sarm_progress', path: 'me/it' })).body).toMatchObject({
      type: 'sarm_progress',
      path: 'me/it',
    });
    // An artifact keeps a path: removing it gives it back its repository's.
    expect((await req('PATCH', `/v1/datasets/${plain.id}`, { path: null })).body).toMatchObject({ path: `${p.ns}/plain` });
  });
});
