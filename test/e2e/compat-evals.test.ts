import { beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
const users: Record<string, { id: string; seq: number; email: string }> = {};
const keys: Record<string, string> = {};
const ds: Record<string, { id: string; seq: number }> = {};
const runs: Record<string, { id: string; seq: number }> = {};
const metrics: Record<string, { id: string; seq: number }> = {};
let proprietaryTypeId: number;

const admin = async (method: string, path: string, body?: object) => {
  const res = await server.request(method, path, { body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
const as = async (key: string, method: string, path: string, body?: object) => {
  const res = await server.request(method, path, { key: keys[key], body });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body;
};
const evals = (key: string, path: string) => server.request('GET', `/compat/evals/api/v1${path}`, { key: keys[key] });

beforeAll(async () => {
  for (const [name, ns] of [
    ['alice', 'n1'],
    ['bob', 'n1'],
    ['carol', 'n2'],
  ]) {
    users[name] = await admin('POST', '/v1/users', { email: `${name}@acme.test`, name });
    if (!(await server.request('GET', `/v1/namespaces/${ns}/projects`)).body.data) {
      await admin('POST', '/v1/namespaces', { slug: ns, name: ns });
      await admin('POST', `/v1/namespaces/${ns}/projects`, { slug: 'p', name: 'p' });
    }
    await admin('POST', `/v1/namespaces/${ns}/members`, { user_id: users[name].id, role: 'member' });
    keys[name] = (await admin('POST', `/v1/namespaces/${ns}/projects/p/api-keys`, { name, user_id: users[name].id })).key;
  }
  keys.service = (await admin('POST', '/v1/namespaces/n1/projects/p/api-keys', { name: 'service' })).key;
  proprietaryTypeId = (await admin('POST', '/v1/dataset-types', { name: 'PROPRIETARY_SET', label: 'Proprietary', proprietary: true })).id;

  const make = async (name: string, key: string, body: object = {}) => {
    const d = await as(key, 'POST', '/v1/datasets', { name, ...body });
    ds[name] = { id: d.id, seq: d.seq };
  };
  await make('dA', 'alice', { selected_metrics: { '1': 70 }, structure: ['prompt', 'output', 'golden_answer'] });
  await make('dB', 'bob');
  await make('dC', 'carol');
  await make('dD', 'carol');
  await make('dE', 'carol');
  await make('dP', 'carol');
  await make('dT', 'alice', { type: 'proprietary_set' });
  await as('carol', 'POST', `/v1/datasets/${ds.dC.id}/shares`, { user_id: users.alice.id });
  await as('carol', 'POST', `/v1/datasets/${ds.dD.id}/shares`, { namespace: 'n1' });
  await as('carol', 'POST', `/v1/datasets/${ds.dP.id}/shares`, { public: true });

  await as('alice', 'POST', `/v1/datasets/${ds.dA.id}/versions`, {
    add: [
      {
        prompt: 'What is the refund policy?',
        output: 'Refunds within 30 days.',
        expected_output: '30-day refund window.',
        context: ['policy.md'],
      },
      { prompt: 'Shipping time?', input: { region: 'eu' }, output: '3 days', expected_output: '2-4 days' },
    ],
  });
  for (const m of ['accuracy', 'tone']) metrics[m] = await as('alice', 'POST', '/v1/metrics', { name: m });
  const run = async (name: string, key: string, run_type: string, run_source: string) => {
    runs[name] = await as(key, 'POST', '/v1/runs', {
      dataset_id: ds.dA.id,
      run_type,
      run_source,
      threshold: 70,
      result: 75,
      model_slug: 'gpt-4o',
    });
  };
  const records = (await as('alice', 'GET', `/v1/datasets/${ds.dA.id}/datapoints`)).data;
  const evaluate = (name: string, key: string, result: number) =>
    as(
      key,
      'POST',
      `/v1/runs/${runs[name].id}/evaluations`,
      records.flatMap((r: any) =>
        Object.values(metrics).map((m) => ({ record_id: r.id, metric_id: m.id, result, threshold: 70, explanation: name })),
      ),
    );
  await run('r1', 'alice', 'DATASET', 'API');
  await evaluate('r1', 'alice', 80);
  await run('r2', 'bob', 'DATASET', 'API');
  await evaluate('r2', 'bob', 60);
  await run('r3', 'alice', 'DATASET', 'UI');
  await evaluate('r3', 'alice', 10);
  await run('r4', 'alice', 'PROMPT', 'API');
});

const names = (items: { id: number }[]) => items.map((i) => Object.entries(ds).find(([, d]) => d.seq === i.id)?.[0]);

describe(`evals surface (${DIALECT})`, () => {
  it('lists CUSTOM datasets by default, with the tri-state sharing rule', async () => {
    const list = async (key: string, query = '') => names((await evals(key, `/datasets?page_size=100${query}`)).body.items);
    expect(await list('alice')).toEqual(['dP', 'dD', 'dC', 'dB', 'dA']);
    expect(await list('alice', '&shared=false')).toEqual(['dA']);
    expect(await list('alice', '&shared=true')).toEqual(['dP', 'dD', 'dC', 'dB']);
    expect(await list('bob')).toEqual(['dP', 'dD', 'dB', 'dA']);
    expect(await list('carol')).toEqual(['dP', 'dE', 'dD', 'dC']);
    expect(await list('carol', '&shared=true')).toEqual([]);
    expect(await list('service', '&shared=false')).toEqual([]);
    expect(await list('service', '&shared=true')).toEqual(['dP', 'dD', 'dB', 'dA']);
    expect(await list('alice', `&dataset_type_id=${proprietaryTypeId}`)).toEqual(['dT']);
    expect(await list('alice', '&dataset_type_id=1')).toEqual(['dP', 'dD', 'dC', 'dB', 'dA']);
    expect(await evals('alice', '/datasets?dataset_type_id=999')).toMatchObject({
      status: 404,
      body: { detail: 'Dataset type not found' },
    });
  });

  it('gives items exactly the documented fields', async () => {
    const item = (await evals('alice', '/datasets?shared=false')).body.items[0];
    expect(item).toEqual({
      id: ds.dA.seq,
      user: { id: users.alice.seq, email: 'alice@acme.test' },
      dataset_type_id: 1,
      name: 'dA',
      selected_metrics: { '1': 70 },
      structure: ['prompt', 'output', 'golden_answer'],
      column_mappings: null,
      data_collection_id: null,
      org_id: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    const types = (await evals('alice', '/dataset-types')).body;
    expect(types[0]).toEqual({ id: 1, name: 'CUSTOM', label: 'Custom', description: null });
  });

  it('lists every accessible non-proprietary dataset in all-partial, newest first', async () => {
    const partial = (await evals('alice', '/datasets/all-partial')).body;
    expect(partial.every((p: any) => Object.keys(p).sort().join() === 'id,name')).toBe(true);
    expect(names(partial)).toEqual(['dP', 'dD', 'dC', 'dB', 'dA']);
    expect(names((await evals('alice', '/datasets/all-partial?shared=false')).body)).toEqual(['dA']);
    expect(names((await evals('alice', '/datasets/all-partial?shared=true')).body)).toEqual(['dP', 'dD', 'dC', 'dB']);
  });

  it('fills meta on first, middle, last, past-the-end and empty pages', async () => {
    const page = async (query: string, key = 'alice') => (await evals(key, `/datasets?page_size=2${query}`)).body;
    expect((await page('')).meta).toEqual({
      current_page: 1,
      page_size: 2,
      total_items: 5,
      items_on_page: 2,
      total_pages: 3,
      has_next: true,
      has_previous: false,
      next_page: 2,
      previous_page: null,
    });
    expect((await page('&page=2')).meta).toMatchObject({
      current_page: 2,
      items_on_page: 2,
      has_next: true,
      has_previous: true,
      next_page: 3,
      previous_page: 1,
    });
    expect((await page('&page=3')).meta).toMatchObject({
      items_on_page: 1,
      has_next: false,
      has_previous: true,
      next_page: null,
      previous_page: 2,
    });
    const beyond = await page('&page=9');
    expect(beyond.items).toEqual([]);
    expect(beyond.meta).toMatchObject({ total_items: 5, items_on_page: 0, total_pages: 3, has_next: false });
    expect((await page('&shared=true', 'carol')).meta).toEqual({
      current_page: 1,
      page_size: 2,
      total_items: 0,
      items_on_page: 0,
      total_pages: 0,
      has_next: false,
      has_previous: false,
      next_page: null,
      previous_page: null,
    });
    expect((await evals('alice', '/datasets')).body.meta.page_size).toBe(10);
  });

  it('answers bad parameters with 422 and bad keys with 401', async () => {
    for (const query of ['page=0', 'page_size=0', 'page_size=10001', 'page=x', 'shared=maybe', 'dataset_type_id=abc']) {
      const res = await evals('alice', `/datasets?${query}`);
      expect(res.status, query).toBe(422);
      expect(res.body.detail[0].loc[0]).toBe('query');
    }
    expect((await evals('alice', '/datasets/abc')).status).toBe(422);
    expect((await server.request('GET', '/compat/evals/api/v1/datasets', { key: null })).body).toEqual({ detail: 'Authentication failed' });
    expect((await server.request('GET', '/compat/evals/api/v1/datasets', { key: 'sk_00000000000000000000000000000000' })).status).toBe(401);
  });

  it("shows a dataset with its records, the caller's runs, and the evaluations of its latest API dataset run", async () => {
    const res = await evals('alice', `/datasets/${ds.dA.seq}`);
    expect(res.status).toBe(200);
    const d = res.body;
    expect(d.dataset_type).toEqual({ id: 1, name: 'CUSTOM', label: 'Custom', description: null });
    expect(d.records).toHaveLength(2);
    expect(d.records[0]).toEqual({
      id: expect.any(Number),
      user_id: users.alice.seq,
      dataset_id: ds.dA.seq,
      prompt: 'What is the refund policy?',
      input: null,
      context: ['policy.md'],
      output: 'Refunds within 30 days.',
      golden_answer: '30-day refund window.',
      created_at: expect.any(String),
      updated_at: null,
    });
    expect(d.runs.map((r: any) => r.id)).toEqual([runs.r4.seq, runs.r3.seq, runs.r1.seq]);
    const r1 = d.runs.find((r: any) => r.id === runs.r1.seq);
    expect(r1).toMatchObject({
      user: { id: users.alice.seq, email: 'alice@acme.test' },
      run_type: { name: 'DATASET' },
      run_source: { name: 'API' },
      dataset: { id: ds.dA.seq, name: 'dA' },
      number_of_metrics: 2,
      threshold: 70,
      result: 75,
      is_gte_threshold: true,
    });
    expect(d.evaluations).toHaveLength(4);
    expect(new Set(d.evaluations.map((e: any) => e.run_id))).toEqual(new Set([runs.r1.seq]));
    expect(d.evaluations[0]).toMatchObject({
      user_id: users.alice.seq,
      dataset_id: ds.dA.seq,
      result: 80,
      threshold: 70,
      is_gte_threshold: true,
      explanation: 'r1',
      credits_consumed: null,
    });
    expect(d.evaluations.map((e: any) => e.metric_id).sort()).toEqual(
      [metrics.accuracy.seq, metrics.accuracy.seq, metrics.tone.seq, metrics.tone.seq].sort(),
    );

    const bob = (await evals('bob', `/datasets/${ds.dA.seq}`)).body;
    expect(bob.runs.map((r: any) => r.id)).toEqual([runs.r2.seq]);
    expect(bob.evaluations.every((e: any) => e.run_id === runs.r2.seq && e.is_gte_threshold === false)).toBe(true);
    const service = (await evals('service', `/datasets/${ds.dA.seq}`)).body;
    expect(service.runs).toEqual([]);
    expect(service.evaluations).toEqual([]);
  });

  it('shows no evaluations when the caller has runs but none from the API over the dataset', async () => {
    await as('alice', 'POST', '/v1/runs', { dataset_id: ds.dB.id, run_type: 'DATASET', run_source: 'UI', threshold: 1 });
    const d = (await evals('alice', `/datasets/${ds.dB.seq}`)).body;
    expect(d.runs).toHaveLength(1);
    expect(d.evaluations).toEqual([]);
  });

  it("answers 404 for datasets neither in the caller's project nor shared with them", async () => {
    expect((await evals('alice', `/datasets/${ds.dC.seq}`)).status).toBe(200);
    expect(await evals('alice', `/datasets/${ds.dE.seq}`)).toMatchObject({ status: 404, body: { detail: 'Dataset not found' } });
    expect((await evals('carol', `/datasets/${ds.dA.seq}`)).status).toBe(404);
    expect((await evals('bob', `/datasets/${ds.dC.seq}`)).status).toBe(404);
    expect((await evals('alice', '/datasets/999999')).status).toBe(404);
    // A share reaches /v1 too (read-only); what is not shared stays 404 there as here.
    expect((await server.request('GET', `/v1/datasets/${ds.dC.id}`, { key: keys.alice })).status).toBe(200);
    expect((await server.request('GET', `/v1/datasets/${ds.dE.id}`, { key: keys.alice })).status).toBe(404);
  });
});

describe(`ownership across surfaces (${DIALECT})`, () => {
  it("makes what a user-keyed key creates on any surface that user's", async () => {
    const viaVersioned = await server.request('POST', '/compat/versioned/api/datasets/', {
      key: keys.bob,
      body: { name: 'bob-versioned', datapoints: [] },
    });
    expect(viaVersioned.status).toBe(201);
    const token = (await server.request('POST', '/v1/auth/token', { key: keys.bob })).body.access_token;
    expect(
      (await server.request('POST', '/compat/spaces/namespaces/n1/projects/p/datasets', { key: token, body: { name: 'bob-spaces' } }))
        .status,
    ).toBe(201);
    const owned = (await evals('bob', '/datasets?shared=false&page_size=100')).body.items.map((i: any) => i.name);
    expect(owned).toEqual(['bob-spaces', 'bob-versioned', 'dB']);
    expect((await evals('alice', '/datasets?shared=true&page_size=100')).body.items.map((i: any) => i.name)).toContain('bob-spaces');
  });
});

describe(`users, shares and runs on /v1 (${DIALECT})`, () => {
  it('refuses bad users, members, shares, runs and evaluations', async () => {
    expect((await server.request('POST', '/v1/users', { body: { email: 'not-an-email' } })).status).toBe(422);
    expect((await server.request('POST', '/v1/users', { body: { email: 'alice@acme.test' } })).status).toBe(409);
    expect((await server.request('POST', '/v1/users', { key: keys.alice, body: { email: 'x@y.z' } })).status).toBe(403);
    expect(
      (await server.request('POST', '/v1/namespaces/n2/projects/p/api-keys', { body: { name: 'k', user_id: users.alice.id } })).status,
    ).toBe(422);
    const share = (body: object) => server.request('POST', `/v1/datasets/${ds.dA.id}/shares`, { key: keys.alice, body });
    expect((await share({ public: true })).status).toBe(201);
    expect((await share({ public: true })).status).toBe(409);
    expect((await share({ namespace: 'nowhere' })).status).toBe(404);
    expect((await share({ public: false })).status).toBe(422);
    expect((await share({ user_id: users.bob.id, public: true })).status).toBe(422);
    const listed = await server.request('GET', `/v1/datasets/${ds.dA.id}/shares`, { key: keys.alice });
    expect(listed.body.data).toHaveLength(1);
    expect((await server.request('DELETE', `/v1/datasets/${ds.dA.id}/shares/${listed.body.data[0].id}`, { key: keys.alice })).status).toBe(
      204,
    );
    expect(
      (
        await server.request('POST', '/v1/runs', {
          key: keys.alice,
          body: { dataset_id: ds.dA.id, run_type: 'NOPE', run_source: 'API', threshold: 1 },
        })
      ).status,
    ).toBe(422);
    const bad = await server.request('POST', `/v1/runs/${runs.r1.id}/evaluations`, {
      key: keys.alice,
      body: [{ record_id: ds.dB.id, metric_id: metrics.tone.id, result: 1, threshold: 1 }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('body/0/record_id');
    const runsOfA = await server.request('GET', `/v1/runs?dataset_id=${ds.dA.id}`, { key: keys.alice });
    expect(runsOfA.body.data.map((r: any) => r.id)).toEqual([runs.r4.id, runs.r3.id, runs.r2.id, runs.r1.id]);
  });
});
