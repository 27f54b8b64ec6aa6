import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const server = useServer();
let p: ProjectKeys;
let datasetId: string;
let ids: string[];
const metrics: Record<string, string> = {};

const call = async (method: string, path: string, body?: unknown, status = 200) => {
  const res = await server.request(method, path, { key: p.write, body });
  expect(res.status, `${method} ${path}: ${res.text}`).toBe(status);
  return res.body;
};
const newRun = (extra: Record<string, unknown> = {}) =>
  call('POST', '/v1/runs', { dataset_id: datasetId, run_type: 'DATASET', run_source: 'SDK', threshold: 50, ...extra }, 201);
const score = (runId: string, results: [number, string, number][]) =>
  call(
    'POST',
    `/v1/runs/${runId}/evaluations`,
    results.map(([i, metric, result]) => ({ record_id: ids[i], metric_id: metrics[metric], result, threshold: 50 })),
    201,
  );

beforeAll(async () => {
  p = await server.project('experiments');
  datasetId = (await call('POST', '/v1/datasets', { name: 'qa' }, 201)).id;
  const add = Array.from({ length: 10 }, (_, i) => ({ input: { q: i }, splits: [i < 5 ? 'train' : 'test'] }));
  await call('POST', `/v1/datasets/${datasetId}/versions`, { add }, 201);
  ids = (await call('GET', `/v1/datasets/${datasetId}/datapoints`)).data.map((d: any) => d.id);
  for (const name of ['accuracy', 'tone']) metrics[name] = (await call('POST', '/v1/metrics', { name }, 201)).id;
});

describe(`experiments on pinned versions (${DIALECT})`, () => {
  it('pins a run to a version and keeps its items when a later version deletes datapoints', async () => {
    await call('POST', `/v1/datasets/${datasetId}/versions`, { add: [{ input: { q: 'v2' } }] }, 201);
    const run = await newRun({ version: 2 });
    expect(run.dataset_version).toBe(2);
    const v3 = await call('POST', `/v1/datasets/${datasetId}/versions`, { delete: [ids[0], ids[1]] }, 201);
    expect(v3.version).toBe(3);

    // Datapoints of version 2 take items even after version 3 deleted them.
    const items = [0, 1, 2].map((i) => ({
      datapoint_id: ids[i],
      output: { a: i },
      latency_ms: 10 * i,
      input_tokens: 5,
      cost: 0.01,
      trace_id: `t${i}`,
    }));
    expect(await call('POST', `/v1/runs/${run.id}/items`, { items })).toEqual({ run_id: run.id, written: 3 });
    const page = await call('GET', `/v1/runs/${run.id}/items`);
    expect(page.data.map((i: any) => [i.datapoint_id, i.output, i.trace_id])).toEqual([
      [ids[0], { a: 0 }, 't0'],
      [ids[1], { a: 1 }, 't1'],
      [ids[2], { a: 2 }, 't2'],
    ]);

    // A datapoint added after the pinned version is not the run's.
    const later = await call('POST', `/v1/datasets/${datasetId}/versions`, { add: [{ input: { q: 'v4' } }] }, 201);
    const v4Id = (await call('GET', `/v1/datasets/${datasetId}/datapoints?version=${later.version}`)).data.at(-1).id;
    const refused = await server.request('POST', `/v1/runs/${run.id}/items`, {
      key: p.write,
      body: { items: [{ datapoint_id: ids[3] }, { datapoint_id: v4Id }] },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors[0].field).toBe('items/1/datapoint_id');
    expect((await call('GET', `/v1/runs/${run.id}/items`)).data).toHaveLength(3);
  });

  it('writes items idempotently by datapoint, from JSON or streamed NDJSON, all or none', async () => {
    const run = await newRun();
    const ndjson = [0, 1, 0].map((i, n) => JSON.stringify({ datapoint_id: ids[i + 4], output: `answer ${n}` })).join('\n');
    const sent = await server.request('POST', `/v1/runs/${run.id}/items`, {
      key: p.write,
      raw: { type: 'application/x-ndjson', data: ndjson },
    });
    expect(sent.status, sent.text).toBe(200);
    await call('POST', `/v1/runs/${run.id}/items`, { items: [{ datapoint_id: ids[5], output: 'again', error: 'timeout' }] });
    const page = await call('GET', `/v1/runs/${run.id}/items`);
    expect(page.data.map((i: any) => [i.datapoint_id, i.output, i.error])).toEqual([
      [ids[4], 'answer 2', null],
      [ids[5], 'again', 'timeout'],
    ]);
    const bad = [JSON.stringify({ datapoint_id: ids[6] }), '{"datapoint_id": 7}'].join('\n');
    const refused = await server.request('POST', `/v1/runs/${run.id}/items`, {
      key: p.write,
      raw: { type: 'application/x-ndjson', data: bad },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain('line 2');
    expect((await call('GET', `/v1/runs/${run.id}/items`)).data).toHaveLength(2);
  });

  it('aggregates each metric in SQL and filters items and evaluations by metric, verdict and split', async () => {
    const run = await newRun();
    await call('POST', `/v1/runs/${run.id}/items`, { items: ids.slice(2, 10).map((id) => ({ datapoint_id: id })) });
    // accuracy over 2..9: 10, 20, …, 80; a datapoint scored twice counts its latest score only.
    await score(run.id, [[2, 'accuracy', 0]]);
    await score(
      run.id,
      Array.from({ length: 8 }, (_, k): [number, string, number] => [k + 2, 'accuracy', (k + 1) * 10]),
    );
    await score(run.id, [[2, 'tone', 90]]);
    const detail = await call('GET', `/v1/runs/${run.id}`);
    const accuracy = detail.aggregates.find((a: any) => a.metric_id === metrics.accuracy);
    expect(accuracy).toMatchObject({ count: 8, mean: 45, p50: 40, p90: 80, pass_rate: 0.5 });
    expect(detail.aggregates.find((a: any) => a.metric_id === metrics.tone)).toMatchObject({ count: 1, mean: 90, pass_rate: 1 });

    const passed = await call('GET', `/v1/runs/${run.id}/items?metric_id=${metrics.accuracy}&pass=passed`);
    expect(passed.data.map((i: any) => i.datapoint_id)).toEqual(ids.slice(6, 10));
    expect(passed.data[0].scores).toEqual([{ metric_id: metrics.accuracy, result: 50, threshold: 50, passed: true }]);
    const trainFailed = await call('GET', `/v1/runs/${run.id}/items?metric_id=${metrics.accuracy}&pass=failed&split=train`);
    expect(trainFailed.data.map((i: any) => i.datapoint_id)).toEqual(ids.slice(2, 5));
    const evaluations = await call('GET', `/v1/runs/${run.id}/evaluations?metric_id=${metrics.tone}`);
    expect(evaluations.data.map((e: any) => [e.record_id, e.result])).toEqual([[ids[2], 90]]);
    const first = await call('GET', `/v1/runs/${run.id}/evaluations?limit=4`);
    const rest = await call('GET', `/v1/runs/${run.id}/evaluations?limit=20&cursor=${encodeURIComponent(first.next_cursor)}`);
    expect(first.data.length + rest.data.length).toBe(10);
  });

  it('compares two runs: metric deltas, and the planted regression first', async () => {
    const base = await newRun();
    const head = await newRun({ version: 1 });
    await score(base.id, [
      [2, 'accuracy', 80],
      [3, 'accuracy', 80],
      [4, 'accuracy', 60],
      [5, 'accuracy', 70],
    ]);
    await score(head.id, [
      [2, 'accuracy', 85],
      [3, 'accuracy', 20], // the planted regression
      [4, 'accuracy', 60],
      [6, 'accuracy', 99], // not scored in base: not compared
    ]);
    const cmp = await call('GET', `/v1/runs/compare?base=${base.id}&head=${head.id}`);
    expect(cmp.metrics).toEqual([expect.objectContaining({ metric_id: metrics.accuracy, mean_delta: expect.any(Number) })]);
    expect(cmp.data.map((d: any) => [d.datapoint_id, d.delta, d.change])).toEqual([
      [ids[3], -60, 'regressed'],
      [ids[4], 0, 'same'],
      [ids[2], 5, 'improved'],
    ]);
    const regressed = await call('GET', `/v1/runs/compare?base=${base.id}&head=${head.id}&change=regressed`);
    expect(regressed.data.map((d: any) => d.datapoint_id)).toEqual([ids[3]]);
    const improvedFirst = await call('GET', `/v1/runs/compare?base=${base.id}&head=${head.id}&sort=-delta&limit=1`);
    expect(improvedFirst.data[0].datapoint_id).toBe(ids[2]);
    const next = await call(
      'GET',
      `/v1/runs/compare?base=${base.id}&head=${head.id}&sort=-delta&limit=1&cursor=${encodeURIComponent(improvedFirst.next_cursor)}`,
    );
    expect(next.data[0].datapoint_id).toBe(ids[4]);
  });

  it('pins by tag or time, completes a run, and keeps runs in their project', async () => {
    await call('PUT', `/v1/datasets/${datasetId}/tags/baseline`, { version: 1 }, 201);
    expect((await newRun({ version: 'baseline' })).dataset_version).toBe(1);
    const unknownTag = await server.request('POST', '/v1/runs', {
      key: p.write,
      body: { dataset_id: datasetId, run_type: 'DATASET', run_source: 'SDK', threshold: 50, version: 'nope' },
    });
    expect(unknownTag.status).toBe(404);
    const run = await newRun();
    const done = await call('PATCH', `/v1/runs/${run.id}`, { finished_at: '2026-11-25T10:00:00Z', result: 77 });
    expect(done).toMatchObject({ finished_at: '2026-11-25T10:00:00.000Z', result: 77, is_gte_threshold: true });
    const other = await server.project('experiments-other');
    expect((await server.request('GET', `/v1/runs/${run.id}`, { key: other.read })).status).toBe(404);
    expect((await server.request('GET', `/v1/runs/compare?base=${run.id}&head=${run.id}`, { key: other.read })).status).toBe(404);
  });
});
