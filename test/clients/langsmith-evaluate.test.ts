import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'langsmith';
import { evaluate, type EvaluationResult } from 'langsmith/evaluation';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all, langsmithClient } from './langsmith-client.js';

/**
 * `evaluate()` of the real `langsmith` package against datashelf: the experiment is a
 * datashelf run on the dataset's version, each example's outcome an item, each
 * evaluator's feedback a score; two experiments compare over /v1.
 */

const server = useServer();
let p: ProjectKeys;
let client: Client;
let datasetId: string;

type Args = { outputs: Record<string, any>; referenceOutputs?: Record<string, any> };
/** Two evaluators, as users write them: an exact match, and a score with a comment. */
const evaluators = [
  ({ outputs, referenceOutputs }: Args): EvaluationResult => ({ key: 'correct', score: outputs.sum === referenceOutputs?.sum }),
  ({ outputs }: Args): EvaluationResult => ({ key: 'small', score: outputs.sum < 50 ? 1 : 0, comment: `sum ${outputs.sum}` }),
];

const v1 = async (path: string) => (await server.request('GET', path, { key: p.read })).body;

beforeAll(async () => {
  p = await server.project('ls-eval');
  client = langsmithClient(server.url, p.write);
  const ds = await client.createDataset('sums');
  datasetId = ds.id;
  await client.createExamples(
    Array.from({ length: 50 }, (_, i) => ({
      dataset_id: ds.id,
      inputs: { a: i, b: 1 },
      outputs: { sum: i + 1 },
      split: i < 40 ? 'train' : 'test',
    })),
  );
});

/** The experiment as a datashelf run, found by its name. */
async function runNamed(name: string) {
  const runs = (await v1(`/v1/runs?dataset_id=${datasetId}&limit=100`)).data as any[];
  return runs.find((r) => r.alias === name);
}

describe(`langsmith SDK: evaluate() (${DIALECT})`, () => {
  it('keeps an experiment as a run pinned to the version it ran on, with an item and two scores per example', async () => {
    const results = await evaluate(({ a, b }: { a: number; b: number }) => ({ sum: a + b }), {
      data: 'sums',
      evaluators,
      client,
      experimentPrefix: 'exact',
      metadata: { model: 'adder-1' },
    });
    expect(results.results).toHaveLength(50);

    const run = await runNamed(results.experimentName);
    const dataset = await v1(`/v1/datasets/${datasetId}`);
    expect(run).toMatchObject({ run_source: 'SDK', dataset_version: dataset.head_version });
    const items = (await v1(`/v1/runs/${run.id}/items?limit=100`)).data as any[];
    expect(items).toHaveLength(50);
    const metrics = new Map(((await v1('/v1/metrics?limit=100')).data as any[]).map((m) => [m.id, m.name]));
    const first = items.find((i) => i.output.sum === 1);
    expect(first.scores.map((s: any) => [metrics.get(s.metric_id), s.result]).sort()).toEqual([
      ['correct', 1],
      ['small', 1],
    ]);
    expect(items.filter((i) => i.scores.find((s: any) => metrics.get(s.metric_id) === 'small' && s.result === 0))).toHaveLength(1);
    const evaluations = (await v1(`/v1/runs/${run.id}/evaluations?limit=1000`)).data as any[];
    expect(evaluations.find((e) => e.explanation === 'sum 50')).toMatchObject({ result: 0 });
    expect((await v1(`/v1/runs/${run.id}/items?split=test&limit=100`)).data).toHaveLength(10);

    const session = await client.readProject({ projectName: results.experimentName });
    expect(session).toMatchObject({ id: run.id, reference_dataset_id: datasetId });
    expect(session.extra?.metadata).toMatchObject({ model: 'adder-1', dataset_version: expect.any(String) });
    expect((await all(client.listProjects({ referenceDatasetId: datasetId }))).map((s) => s.id)).toContain(run.id);
  });

  it('compares two experiments over /v1', async () => {
    const base = await evaluate(({ a, b }: { a: number; b: number }) => ({ sum: a + b }), { data: 'sums', evaluators, client });
    const head = await evaluate(({ a, b }: { a: number; b: number }) => ({ sum: a % 10 === 0 ? a : a + b }), {
      data: 'sums',
      evaluators,
      client,
    });
    const [baseRun, headRun] = [await runNamed(base.experimentName), await runNamed(head.experimentName)];
    const comparison = await v1(`/v1/runs/compare?base=${baseRun.id}&head=${headRun.id}&change=regressed&limit=100`);
    const metrics = new Map(((await v1('/v1/metrics?limit=100')).data as any[]).map((m) => [m.name, m.id]));
    const correct = comparison.metrics.find((m: any) => m.metric_id === metrics.get('correct'));
    expect(correct).toMatchObject({ base: { count: 50, mean: 1 }, head: { count: 50, mean: 0.9 } });
    expect(correct.mean_delta).toBeCloseTo(-0.1);
    expect(comparison.data.filter((d: any) => d.metric_id === metrics.get('correct'))).toHaveLength(5);
  });

  it('pins an experiment on an earlier version to that version, with the outcomes of examples deleted since', async () => {
    const earlier = await client.readDatasetVersion({ datasetId, asOf: new Date() });
    const [gone] = await all(client.listExamples({ datasetId, limit: 1 }));
    await client.createExamples([{ dataset_id: datasetId, inputs: { a: 100, b: 1 }, outputs: { sum: 101 } }]);
    await client.deleteExample(gone.id);
    const results = await evaluate(({ a, b }: { a: number; b: number }) => ({ sum: a + b }), {
      data: client.listExamples({ datasetId, asOf: earlier.as_of }),
      evaluators,
      client,
    });
    const run = await runNamed(results.experimentName);
    const head = (await v1(`/v1/datasets/${datasetId}`)).head_version;
    expect(run.dataset_version).toBe(head - 2);
    const items = (await v1(`/v1/runs/${run.id}/items?limit=100`)).data as any[];
    expect(items).toHaveLength(50);
    expect(items.find((i) => i.datapoint_id === gone.id).scores).toHaveLength(2);
  });
});
