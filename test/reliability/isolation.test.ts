import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Cross-project probes, generated from the route table: project B's credentials,
 * aimed at project A's objects on every route of every surface, with each path
 * parameter filled with the kind of id that surface uses. Nothing of A is reached.
 */

const server = useServer();
let a: ProjectKeys;
let b: ProjectKeys;
const ids: Record<string, string> = {};
const bOwn: Record<string, string> = {};

beforeAll(async () => {
  a = await server.project('iso-a');
  b = await server.project('iso-b');
  const ds = (await server.request('POST', '/v1/datasets', { key: a.write, body: { name: 'secret' } })).body;
  ids.dataset = ds.id;
  ids.seq = String(ds.seq);
  await server.request('POST', `/v1/datasets/${ds.id}/versions`, { key: a.write, body: { add: [{ input: 'private' }] } });
  ids.datapoint = (await server.request('GET', `/v1/datasets/${ds.id}/datapoints`, { key: a.read })).body.data[0].id;
  ids.collection = (
    await server.request('POST', '/v1/collections', { key: a.write, body: { name: 'c', dataset_id: ds.id, members: ['m'] } })
  ).body.id;
  ids.job = (await server.request('POST', '/v1/jobs', { key: a.write, body: { name: 'train', kind: 'training' } })).body.id;
  await server.request('POST', `/v1/jobs/${ids.job}/datasets`, { key: a.write, body: { dataset_id: ds.id, direction: 'input' } });
  ids.share = (await server.request('POST', `/v1/datasets/${ds.id}/shares`, { key: a.write, body: { namespace: a.ns } })).body.id;
  ids.run = (
    await server.request('POST', '/v1/runs', {
      key: a.write,
      body: { dataset_id: ds.id, run_type: 'DATASET', run_source: 'API', threshold: 50 },
    })
  ).body.id;
  ids.container = (await server.request('POST', '/v1/containers', { key: a.write, body: { label: 'prod' } })).body.id;
  ids.experiment = (
    await server.request('POST', '/compat/langsmith/sessions', { key: a.write, body: { name: 'exp', reference_dataset_id: ds.id } })
  ).body.id;
  ids.webhook = (
    await server.request('POST', '/v1/webhooks', { key: a.admin, body: { url: 'https://93.184.215.14/hook', events: ['dataset.created'] } })
  ).body.id;
  ids.delivery = String((await server.request('POST', `/v1/webhooks/${ids.webhook}/ping`, { key: a.admin })).body.id);
  ids.key = (await server.request('GET', `/v1/namespaces/${a.ns}/projects/${a.project}/api-keys`)).body.data[0].id;
  ids.attachment = (await server.request('POST', '/v1/attachments', { key: a.write, raw: { type: 'text/plain', data: 'a only' } })).body.id;
  ids.upload = (await server.request('POST', '/v1/attachments/uploads', { key: a.write, body: { mime_type: 'text/plain' } })).body.id;
  bOwn.job = (await server.request('POST', '/v1/jobs', { key: b.write, body: { name: 'b', kind: 'training' } })).body.id;
  bOwn.dataset = (await server.request('POST', '/v1/datasets', { key: b.write, body: { name: 'b' } })).body.id;
  bOwn.run = (
    await server.request('POST', '/v1/runs', {
      key: b.write,
      body: { dataset_id: bOwn.dataset, run_type: 'DATASET', run_source: 'API', threshold: 50 },
    })
  ).body.id;
});

const NIL = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';

/** Bodies that would be valid for project A, so only isolation can refuse them. */
const BODIES: Record<string, unknown> = {
  'POST /v1/datasets/:id/versions': { add: [{ input: 'x' }] },
  'PATCH /v1/datasets/:id': { name: 'stolen' },
  'PATCH /v1/collections/:id': { name: 'stolen' },
  'POST /v1/collections/:id/members': { members: ['x'] },
  'DELETE /v1/collections/:id/members': { members: ['m'] },
  'POST /v1/namespaces/:ns/projects/:project/api-keys': { name: 'stolen' },
  'POST /v1/namespaces/:ns/projects': { slug: 'stolen', name: 'x' },
  'PATCH /compat/versioned/api/datasets/:id/': { name: 'stolen' },
  'POST /v1/containers/:id/events': [{ model_name: 'm', status: 'ok', input: 'i', output: 'o' }],
  'POST /v1/namespaces/:ns/members': { user_id: NIL, role: 'member' },
  'POST /v1/datasets/:id/shares': { public: true },
  'PUT /v1/datasets/:id/tags/:name': { version: 0 },
  'PUT /v1/datasets/:id/schemas': { schemas: null },
  'POST /v1/datasets/:id/restore': { version: 0 },
  'POST /v1/datasets/:id/undelete': {},
  'POST /v1/runs/:id/evaluations': [{ record_id: NIL, metric_id: NIL, result: 1, threshold: 1 }],
  'POST /v1/runs/:id/items': { items: [] },
  'PATCH /v1/runs/:id': { result: 1 },
  'PATCH /v1/webhooks/:id': { enabled: false },
  'POST /v1/webhooks/:id/ping': {},
  'POST /v1/webhooks/:id/deliveries/:delivery_id/redeliver': {},
  'POST /v1/jobs/:id/datasets': { dataset_id: NIL, direction: 'input' },
  'POST /compat/spaces/namespaces/:slug/projects/:projectSlug/datasets': { name: 'planted' },
  'POST /v1/datasets/:id/datapoints/:datapoint_id/reviews': { state: 'approved' },
  'PATCH /compat/spaces/namespaces/:slug/projects/:projectSlug/datasets/:name': { name: 'stolen' },
  'PATCH /compat/langsmith/datasets/:dataset_id': { name: 'stolen' },
  'PUT /compat/langsmith/datasets/:dataset_id/share': {},
  'PUT /compat/langsmith/datasets/:dataset_id/tags': { as_of: 'latest', tag: 'stolen' },
  'PUT /compat/langsmith/datasets/:dataset_id/splits': { split_name: 'stolen', examples: [] },
  'PATCH /compat/langsmith/examples/:example_id': { inputs: { x: 1 } },
  'PATCH /compat/langsmith/sessions/:session_id': { name: 'stolen' },
  'POST /v1/attachments/uploads/:id/complete': { sha256: '0'.repeat(64) },
  'PATCH /compat/langsmith/runs/:run_id': { end_time: '2026-01-01T00:00:00Z', outputs: { stolen: true } },
  'POST /compat/hf/api/datasets/:namespace/:name/paths-info/:rev': { paths: ['README.md'] },
  'POST /compat/hf/api/datasets/:namespace/:name/preupload/:rev': { files: [{ path: 'data/train.jsonl', size: 2 }] },
  'POST /compat/hf/api/datasets/:namespace/:name/tag/:rev': { tag: 'stolen' },
};
/** A LangSmith example upload or change, as the SDK sends one (multipart). */
const examplePart = (id: string) => ({
  type: 'multipart/form-data; boundary=B',
  data: `--B\r\nContent-Disposition: form-data; name="${id}.inputs"\r\nContent-Type: application/json\r\n\r\n{"x":1}\r\n--B--\r\n`,
});
const OID = 'a'.repeat(64);
const lfsJson = (body: object) => ({ type: 'application/vnd.git-lfs+json', data: JSON.stringify(body) });
/** Routes that take a file rather than JSON. */
const FILES: Record<string, { type: string; data: string }> = {
  'POST /v1/datasets/:id/imports': { type: 'application/x-ndjson', data: '{"input":"x"}\n' },
  'PUT /v1/attachments/uploads/:id/parts/:part': { type: 'application/octet-stream', data: 'stolen' },
  'POST /compat/langsmith/v1/platform/datasets/:dataset_id/examples': examplePart(NIL),
  'PATCH /compat/langsmith/v1/platform/datasets/:dataset_id/examples': examplePart(NIL),
  'POST /compat/hf/api/datasets/:namespace/:name/commit/:rev': {
    type: 'application/x-ndjson',
    data: '{"key":"header","value":{"summary":"x"}}\n{"key":"file","value":{"path":"data/train.jsonl","content":"e30K","encoding":"base64"}}\n',
  },
  'POST /compat/hf/datasets/:namespace/:repo/info/lfs/objects/batch': lfsJson({ operation: 'upload', objects: [{ oid: OID, size: 1 }] }),
  'POST /compat/hf/datasets/:namespace/:repo/info/lfs/objects/verify': lfsJson({ oid: OID, size: 1 }),
  'PUT /compat/hf/lfs/objects/:oid': { type: 'application/octet-stream', data: 'stolen' },
  'PUT /compat/hf/lfs/uploads/:upload/parts/:part': { type: 'application/octet-stream', data: 'stolen' },
  'POST /compat/hf/lfs/uploads/:upload/complete': lfsJson({ oid: OID, parts: [{ partNumber: 1, etag: '"x"' }] }),
};
/**
 * Routes whose path names the client's own id (a traced run's), not a stored object: they
 * accept what is sent (202) and keep nothing of it for another project's experiments.
 */
const CLIENT_IDS = new Set(['PATCH /compat/langsmith/runs/:run_id']);
/**
 * Routes that take no key but a signed link or URL, and their answer to a key without
 * one: another project's key gets nothing more than no key does.
 */
const SIGNED = new Map([
  ['GET /v1/attachments/:id/content', 422],
  ['PUT /compat/hf/lfs/objects/:oid', 400],
  ['PUT /compat/hf/lfs/uploads/:upload/parts/:part', 400],
  ['POST /compat/hf/lfs/uploads/:upload/complete', 400],
]);

const QUERIES: Record<string, string> = {
  'GET /v1/datasets/:id/diff': '?from=0&to=1',
  'GET /v1/datasets/:id/rows': '?row=0',
  'GET /v1/datasets/:id/files/entry': '?path=README.md',
  'GET /v1/datasets/:id/files/content': '?path=README.md',
  'GET /v1/datasets/:id/reviews': `?datapoint_id=${NIL}`,
  'GET /compat/langsmith/datasets/:dataset_id/versions/diff': '?from_version=latest&to_version=latest',
  'GET /compat/langsmith/datasets/:dataset_id/version': '?as_of=latest',
};

/** A's id for a parameter, of the kind the route's surface uses. */
function fill(url: string): string {
  const resource = /^\/v1\/(collections|jobs|runs|containers|webhooks|attachments)/.exec(url)?.[1];
  const byResource: Record<string, string> = {
    attachments: url.includes('/uploads/') ? ids.upload : ids.attachment,
    collections: ids.collection,
    jobs: ids.job,
    runs: ids.run,
    containers: ids.container,
    webhooks: ids.webhook,
  };
  const values: Record<string, string> = {
    ns: a.ns,
    slug: a.ns,
    namespace: a.ns,
    rev: 'main',
    repo: 'secret.git',
    oid: OID,
    upload: ids.upload,
    tag: 'v1',
    project: a.project,
    projectSlug: a.project,
    name: 'secret',
    datapoint_id: ids.datapoint,
    example_id: ids.datapoint,
    session_id: ids.experiment,
    run_id: NIL,
    version: '1',
    part: '1',
    share_id: ids.share,
    delivery_id: ids.delivery,
    // The evaluation surface numbers datasets; the gateway names them by uuid.
    dataset_id: url.startsWith('/compat/evals') ? ids.seq : ids.dataset,
    id: url.includes('api-keys') ? ids.key : resource ? byResource[resource] : ids.dataset,
  };
  return url.replace(/:(\w+)/g, (_, name: string) => values[name]).replace(/\*$/, 'README.md');
}

describe(`cross-project isolation (${DIALECT})`, () => {
  it("answers 404 to another project's credential on every route that names an object, on every surface", async () => {
    const routes = server.app.routeTable.filter((r) => !r.hidden && r.url.includes(':'));
    const surfaces = new Set(routes.map((r) => r.url.split('/').slice(0, 3).join('/')));
    expect([...surfaces].sort()).toEqual([
      '/compat/evals',
      '/compat/gateway',
      '/compat/hf',
      '/compat/langsmith',
      '/compat/spaces',
      '/compat/versioned',
      '/v1/attachments',
      '/v1/collections',
      '/v1/containers',
      '/v1/datasets',
      '/v1/jobs',
      '/v1/namespaces',
      '/v1/runs',
      '/v1/webhooks',
    ]);
    const bToken = (await server.request('POST', '/v1/auth/token', { key: b.admin })).body.access_token;
    for (const { method, url } of routes) {
      const route = `${method} ${url}`;
      if (method !== 'GET' && method !== 'DELETE' && !(route in BODIES) && !(route in FILES))
        throw new Error(`no isolation body for ${route}: add one to BODIES`);
      const key = url.startsWith('/compat/spaces') ? bToken : b.admin;
      const res = await server.request(method, fill(url) + (QUERIES[route] ?? ''), { key, body: BODIES[route], raw: FILES[route] });
      const instanceOnly = url.startsWith('/v1/namespaces/:ns') && !url.includes('api-keys');
      expect(res.status, route).toBe(instanceOnly ? 403 : CLIENT_IDS.has(route) ? 202 : (SIGNED.get(route) ?? 404));
    }
    // Runs named in a query, not a path, are isolated too.
    const sideBySide = await server.request('GET', `/v1/runs/compare/items?run=${ids.run}`, { key: b.admin });
    expect(sideBySide.status).toBe(404);
    // Nothing of A was changed by any of it.
    const ds = await server.request('GET', `/v1/datasets/${ids.dataset}`, { key: a.read });
    expect(ds.body).toMatchObject({ name: 'secret', head_version: 1 });
    expect((await server.request('GET', `/v1/collections/${ids.collection}`, { key: a.read })).body.member_count).toBe(1);
    expect((await server.request('GET', `/v1/datasets/${ids.dataset}/shares`, { key: a.read })).body.data).toHaveLength(1);
    expect((await server.request('GET', `/v1/runs/${ids.experiment}`, { key: a.read })).body.alias).toBe('exp');
    expect((await server.request('GET', `/v1/runs/${ids.experiment}/items`, { key: a.read })).body.data).toEqual([]);
  });

  it("never lists another project's objects, nor lets its ids be referenced", async () => {
    const ofA = new Set(Object.values(ids));
    for (const path of [
      '/v1/datasets',
      '/v1/collections',
      `/v1/collections?dataset_id=${ids.dataset}`,
      '/v1/runs',
      `/v1/runs?dataset_id=${ids.dataset}`,
      '/v1/jobs',
      '/v1/containers',
      '/v1/metrics',
    ]) {
      const listed = await server.request('GET', path, { key: b.read });
      expect(listed.status, path).toBe(200);
      expect(
        listed.body.data.filter((x: any) => ofA.has(x.id)),
        path,
      ).toEqual([]);
    }
    for (const author of ['', `&author=${a.ns}`]) {
      const repos = await server.request('GET', `/compat/hf/api/datasets?limit=1000${author}`, { key: b.read });
      expect(repos.status).toBe(200);
      expect(repos.body.filter((r: { _id: string }) => ofA.has(r._id))).toEqual([]);
    }
    const robotics = await server.request('GET', `/compat/robotics/v1/datasets/list?project_id=${a.projectId}&job_id=${ids.job}`, {
      key: b.read,
    });
    expect(robotics.body.items).toEqual([]);
    for (const path of ['/compat/langsmith/datasets', '/compat/langsmith/sessions', `/compat/langsmith/sessions?id=${ids.experiment}`]) {
      const listed = await server.request('GET', path, { key: b.read });
      expect(
        listed.body.filter((x: any) => ofA.has(x.id)),
        path,
      ).toEqual([]);
    }
    const evals = await server.request('GET', '/compat/evals/api/v1/datasets/all-partial', { key: b.read });
    expect(evals.body.map((d: any) => d.name)).not.toContain('secret');
    const refs = [
      await server.request('POST', '/v1/collections', { key: b.write, body: { name: 'x', dataset_id: ids.dataset } }),
      await server.request('POST', '/v1/runs', {
        key: b.write,
        body: { dataset_id: ids.dataset, run_type: 'DATASET', run_source: 'API', threshold: 1 },
      }),
      await server.request('POST', `/v1/jobs/${bOwn.job}/datasets`, {
        key: b.write,
        body: { dataset_id: ids.dataset, direction: 'input' },
      }),
      await server.request('POST', '/v1/datasets', { key: b.write, body: { name: 'cut', container: ids.container, size: 1 } }),
    ];
    expect(refs.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    const evaluation = await server.request('POST', `/v1/runs/${bOwn.run}/evaluations`, {
      key: b.write,
      body: [{ record_id: ids.datapoint, metric_id: NIL, result: 1, threshold: 1 }],
    });
    expect(evaluation.status).toBe(422);
  });
});
