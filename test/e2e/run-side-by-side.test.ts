import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let datasetId: string;
let ids: string[];
let metric: string;

const call = async (method: string, path: string, body?: unknown, status = 200) => {
  const res = await server.request(method, path, { key: p.write, body });
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  return res.body;
};

async function run(alias: string, scores: number[]) {
  const r = await call('POST', '/v1/runs', { dataset_id: datasetId, run_type: 'DATASET', run_source: 'SDK', threshold: 50, alias }, 201);
  await call('POST', `/v1/runs/${r.id}/items`, { items: ids.map((d, i) => ({ datapoint_id: d, output: `${alias} answer ${i}` })) });
  const evaluations = scores.map((result, i) => ({
    record_id: ids[i],
    metric_id: metric,
    result,
    threshold: 50,
    explanation: `${alias} ${i}`,
  }));
  await call('POST', `/v1/runs/${r.id}/evaluations`, evaluations, 201);
  return r.id as string;
}

beforeAll(async () => {
  p = await server.project('side-by-side');
  datasetId = (await call('POST', '/v1/datasets', { name: 'qa' }, 201)).id;
  const add = Array.from({ length: 5 }, (_, i) => ({ input: `question ${i}`, expected_output: `answer ${i}`, external_id: `q${i}` }));
  await call('POST', `/v1/datasets/${datasetId}/versions`, { add }, 201);
  ids = (await call('GET', `/v1/datasets/${datasetId}/datapoints`)).data.map((d: any) => d.id);
  metric = (await call('POST', '/v1/metrics', { name: 'accuracy' }, 201)).id;
});

describe(`runs side by side (${DIALECT})`, () => {
  it("pages items with content and every run's output and scores, regressions first", async () => {
    const base = await run('base', [90, 80, 70, 60, 10]);
    const head = await run('head', [95, 40, 70, 20, 100]);
    const first = await call('GET', `/v1/runs/compare/items?run=${base}&run=${head}&limit=2`);
    expect(first.version).toBe(1);
    expect(first.runs.map((r: any) => r.alias)).toEqual(['base', 'head']);
    expect(first.data.map((d: any) => [d.datapoint.external_id, d.worst_delta])).toEqual([
      ['q1', -40],
      ['q3', -40],
    ]);
    const item = first.data[0];
    expect(item.datapoint).toMatchObject({ input: 'question 1', expected_output: 'answer 1' });
    expect(item.outcomes.map((o: any) => [o.output, o.scores[0].result, o.scores[0].passed, o.scores[0].explanation])).toEqual([
      ['base answer 1', 80, true, 'base 1'],
      ['head answer 1', 40, false, 'head 1'],
    ]);
    const rest = await call(
      'GET',
      `/v1/runs/compare/items?run=${base}&run=${head}&limit=2&cursor=${encodeURIComponent(first.next_cursor)}`,
    );
    expect(rest.data.map((d: any) => d.datapoint.external_id)).toEqual(['q2', 'q0']);
    const last = await call('GET', `/v1/runs/compare/items?run=${base}&run=${head}&limit=2&cursor=${encodeURIComponent(rest.next_cursor)}`);
    expect(last.data.map((d: any) => d.datapoint.external_id)).toEqual(['q4']);
    expect(last.next_cursor).toBeNull();

    const [accuracy] = first.metrics;
    expect(accuracy).toMatchObject({ metric_id: metric, name: 'accuracy', mean_deltas: [0, 3] });
    expect(accuracy.histogram.low).toBe(10);
    expect(accuracy.histogram.high).toBe(100);
    expect(accuracy.histogram.counts.map((c: number[]) => c.reduce((a, b) => a + b))).toEqual([5, 5]);

    const regressed = await call('GET', `/v1/runs/compare/items?run=${base}&run=${head}&change=regressed`);
    expect(regressed.data.map((d: any) => d.datapoint.external_id)).toEqual(['q1', 'q3']);
    const improved = await call('GET', `/v1/runs/compare/items?run=${base}&run=${head}&sort=-delta&change=improved`);
    expect(improved.data.map((d: any) => d.datapoint.external_id)).toEqual(['q4', 'q0']);
  });

  it("reads one run's items by score, and filters by its verdict", async () => {
    const only = await run('solo', [90, 30, 70, 45, 55]);
    const low = await call('GET', `/v1/runs/compare/items?run=${only}&sort=score`);
    expect(low.data.map((d: any) => d.datapoint.external_id)).toEqual(['q1', 'q3', 'q4', 'q2', 'q0']);
    const failed = await call('GET', `/v1/runs/compare/items?run=${only}&pass=failed&sort=-score`);
    expect(failed.data.map((d: any) => d.datapoint.external_id)).toEqual(['q3', 'q1']);
  });

  it("gives each item's attachments as signed links, as datapoint reads do", async () => {
    const upload = await server.request('POST', '/v1/attachments?filename=dot.png', {
      key: p.write,
      raw: { type: 'image/png', data: 'not really a png' },
    });
    const dataset = (await call('POST', '/v1/datasets', { name: 'pictures' }, 201)).id;
    await call(
      'POST',
      `/v1/datasets/${dataset}/versions`,
      { add: [{ input: 'what is this?', attachments: { image: upload.body.id } }] },
      201,
    );
    const [datapoint] = (await call('GET', `/v1/datasets/${dataset}/datapoints`)).data;
    const r = await call('POST', '/v1/runs', { dataset_id: dataset, run_type: 'DATASET', run_source: 'SDK', threshold: 50 }, 201);
    await call('POST', `/v1/runs/${r.id}/items`, { items: [{ datapoint_id: datapoint.id, output: 'a dot' }] });
    const [item] = (await call('GET', `/v1/runs/compare/items?run=${r.id}`)).data;
    const image = item.datapoint.attachments.image;
    expect(image).toMatchObject({ id: upload.body.id, mime_type: 'image/png', filename: 'dot.png' });
    const served = await server.request('GET', image.url, { key: null });
    expect([served.status, served.text]).toEqual([200, 'not really a png']);
  });

  it('refuses runs of different versions, and an unknown run', async () => {
    const base = await run('v1', [1, 2, 3, 4, 5]);
    await call('POST', `/v1/datasets/${datasetId}/versions`, { add: [{ input: 'more' }] }, 201);
    const later = (await call('POST', '/v1/runs', { dataset_id: datasetId, run_type: 'DATASET', run_source: 'SDK', threshold: 50 }, 201))
      .id;
    await call('GET', `/v1/runs/compare/items?run=${base}&run=${later}`, undefined, 422);
    await call('GET', `/v1/runs/compare/items?run=${base}&run=00000000-0000-4000-8000-000000000000`, undefined, 404);
  });
});
