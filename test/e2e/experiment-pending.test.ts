import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/domain/clock.js';
import { PENDING_KEPT_MS } from '../../src/domain/evals/experiment-results.js';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Scores and outcomes that wait for what they name (see ExperimentResults) are not kept
 * forever: the hourly sweep forgets those that waited a week.
 */
let now = Date.UTC(2026, 11, 1, 12, 0, 0);
const clock: Clock = { ms: () => now };
const server = useServer({ clock });
const LS = '/compat/langsmith';
let p: ProjectKeys;
let datasetId: string;
let exampleIds: string[];

const post = (path: string, body: unknown) => server.request('POST', LS + path, { key: p.write, body });

beforeAll(async () => {
  p = await server.project('ls-pending');
  datasetId = (await post('/datasets', { name: 'pending' })).body.id;
  // Two examples, written as LangSmith's clients write them (multipart).
  const ids = [randomUUID(), randomUUID()];
  const boundary = `----datashelf${randomUUID()}`;
  const part = (name: string, value: unknown) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify(value)}\r\n`;
  const data = `${ids.map((id) => part(id, {}) + part(`${id}.inputs`, { q: id })).join('')}--${boundary}--\r\n`;
  const made = await server.request('POST', `${LS}/v1/platform/datasets/${datasetId}/examples`, {
    key: p.write,
    raw: { type: `multipart/form-data; boundary=${boundary}`, data },
  });
  exampleIds = made.body.example_ids;
});

describe(`experiment results left waiting (${DIALECT})`, () => {
  it('forgets a score that waited a week for its run, and keeps one still young', async () => {
    const session = (await post('/sessions', { name: 'exp', reference_dataset_id: datasetId })).body;
    const score = (run: string, value: number) =>
      post('/feedback', { id: randomUUID(), run_id: run, trace_id: run, session_id: session.id, key: 'ok', score: value });
    const [old, young] = [randomUUID(), randomUUID()];
    expect((await score(old, 0.1)).status).toBeLessThan(300);
    now += PENDING_KEPT_MS + 60_000;
    expect((await score(young, 0.9)).status).toBeLessThan(300);

    expect(await server.services.experimentResults.sweep()).toBe(1);

    // The runs come at last: the young score finds its run, the forgotten one is gone.
    for (const [i, id, answer] of [
      [0, old, 'old'],
      [1, young, 'young'],
    ] as const) {
      const run = { id, trace_id: id, session_id: session.id, reference_example_id: exampleIds[i], end_time: '2026-12-08T00:00:00Z' };
      expect((await post('/runs', { ...run, outputs: { answer } })).status).toBe(202);
    }
    const items = (await server.request('GET', `/v1/runs/${session.id}/items`, { key: p.read })).body.data;
    const scores = items.map((i: { output: { answer: string }; scores: { result: number }[] }) => [
      i.output.answer,
      i.scores.map((s) => s.result),
    ]);
    expect(scores.sort()).toEqual([
      ['old', []],
      ['young', [0.9]],
    ]);
  });
});
