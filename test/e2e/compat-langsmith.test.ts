import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

/**
 * The LangSmith surface over plain HTTP, for what its SDK never shows: the error shapes,
 * refusals, and traced runs and feedback arriving out of order (the SDK sends its
 * batches concurrently). The SDK's own use of it is in test/clients.
 */

const server = useServer();
let p: ProjectKeys;
const LS = '/compat/langsmith';

/** A multipart body with these parts, as LangSmith's clients write one. */
function multipart(parts: [name: string, value: unknown, type?: string][]) {
  const boundary = `----datashelf${randomUUID()}`;
  const body = parts
    .map(([name, value, type = 'application/json']) => {
      const text = type === 'application/json' ? JSON.stringify(value) : String(value);
      return `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: ${type}\r\n\r\n${text}\r\n`;
    })
    .join('');
  return { type: `multipart/form-data; boundary=${boundary}`, data: `${body}--${boundary}--\r\n` };
}

const post = (path: string, body: unknown, key = p.write) => server.request('POST', LS + path, { key, body });
const send = (path: string, parts: Parameters<typeof multipart>[0], method = 'POST') =>
  server.request(method, LS + path, { key: p.write, raw: multipart(parts) });

let datasetId: string;
let exampleIds: string[];

beforeAll(async () => {
  p = await server.project('ls-http');
  datasetId = (await post('/datasets', { name: 'http' })).body.id;
  const ids = [randomUUID(), randomUUID()];
  const made = await send(`/v1/platform/datasets/${datasetId}/examples`, [
    [ids[0], { metadata: { n: 0 } }],
    [`${ids[0]}.inputs`, { q: 'a' }],
    [ids[1], {}],
    [`${ids[1]}.inputs`, { q: 'b' }],
    [`${ids[1]}.outputs`, { a: 'B' }],
  ]);
  exampleIds = made.body.example_ids;
});

describe(`LangSmith surface over HTTP (${DIALECT})`, () => {
  it('tells clients that multipart writes are on', async () => {
    const info = await server.request('GET', `${LS}/info`, { key: p.read });
    expect(info.body.instance_flags).toMatchObject({ dataset_examples_multipart_enabled: true });
    expect(info.body.batch_ingest_config).toMatchObject({ use_multipart_endpoint: true, size_limit: 100 });
  });

  it("answers in LangSmith's error shape and statuses", async () => {
    const missing = await server.request('GET', `${LS}/datasets/${randomUUID()}`, { key: p.read });
    expect(missing).toMatchObject({ status: 404, body: { detail: 'Dataset not found' } });
    expect((await server.request('GET', `${LS}/nowhere`, { key: p.read })).body).toEqual({ detail: 'Not Found' });
    expect((await post('/datasets', { name: 'http' })).status).toBe(409);
    const invalid = await post('/datasets', { description: 'no name' });
    expect(invalid.status).toBe(422);
    expect(invalid.body.detail[0]).toMatchObject({ type: 'missing', loc: ['body', 'name'] });
    const filter = await server.request('GET', `${LS}/examples?dataset=${datasetId}&filter=${encodeURIComponent('search("x")')}`, {
      key: p.read,
    });
    expect(filter.status).toBe(400);
    expect(filter.body.detail).toMatch(/search\(\) is not served/);
  });

  it('writes examples with the ids it gives them, and refuses what it cannot keep before writing anything', async () => {
    expect(exampleIds).toHaveLength(2);
    const listed = await server.request('GET', `${LS}/examples?dataset=${datasetId}`, { key: p.read });
    expect(listed.body.map((e: any) => [e.id, e.inputs, e.outputs, e.metadata, e.attachment_urls])).toEqual([
      [exampleIds[0], { q: 'a' }, null, { n: 0 }, null],
      [exampleIds[1], { q: 'b' }, { a: 'B' }, {}, null],
    ]);
    const id = randomUUID();
    const copied = await send(`/v1/platform/datasets/${datasetId}/examples`, [[id, { use_source_run_io: true }]]);
    expect(copied.status).toBe(400);
    const operations = await send(
      `/v1/platform/datasets/${datasetId}/examples`,
      [[`${exampleIds[0]}.attachments_operations`, { retain: 'photo' }]],
      'PATCH',
    );
    expect(operations.status).toBe(422);
    expect(operations.body.detail).toMatch(/attachments_operations\/retain must be array/);
    const untyped = await send(`/v1/platform/datasets/${datasetId}/examples`, [
      [id, {}],
      [`${id}.inputs`, { q: 'c' }],
      [`${id}.attachment.photo`, 'bytes', 'not a media type'],
    ]);
    expect(untyped).toMatchObject({ status: 415, body: { detail: expect.stringMatching(/media type/) } });
    expect((await server.request('GET', `/v1/datasets/${datasetId}`, { key: p.read })).body.head_version).toBe(1);
  });

  it('gives attachments back as absolute signed links, which work without a key', async () => {
    const id = randomUUID();
    const made = await send(`/v1/platform/datasets/${datasetId}/examples`, [
      [id, {}],
      [`${id}.inputs`, { q: 'with a file' }],
      [`${id}.attachment.notes`, 'some notes', 'text/plain'],
    ]);
    const read = await server.request('GET', `${LS}/examples/${made.body.example_ids[0]}`, { key: p.read });
    const link = read.body.attachment_urls['attachment.notes'];
    expect(link).toEqual({
      presigned_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/v1\/attachments\/sha256:/),
      mime_type: 'text/plain',
    });
    expect(await (await fetch(link.presigned_url)).text()).toBe('some notes');
    await server.request('DELETE', `${LS}/examples/${made.body.example_ids[0]}`, { key: p.write });
  });

  it('keeps experiments with unique names, and refuses tracing projects', async () => {
    const made = await post('/sessions', { name: 'exp', reference_dataset_id: datasetId, extra: { metadata: { a: 1 } } });
    expect(made.body).toMatchObject({ name: 'exp', reference_dataset_id: datasetId, extra: { metadata: { a: 1 } } });
    expect((await post('/sessions', { name: 'exp', reference_dataset_id: datasetId })).status).toBe(409);
    expect((await post('/sessions?upsert=true', { name: 'exp', reference_dataset_id: datasetId })).body.id).toBe(made.body.id);
    expect((await post('/sessions', { name: 'tracing' })).status).toBe(422);
    const renamed = await server.request('PATCH', `${LS}/sessions/${made.body.id}`, {
      key: p.write,
      body: { name: 'exp-2', description: null, extra: null, end_time: '2026-01-01T00:00:00Z' },
    });
    expect(renamed.body).toMatchObject({ name: 'exp-2', end_time: '2026-01-01T00:00:00.000Z', extra: { metadata: { a: 1 } } });
    expect((await server.request('GET', `/v1/runs/${made.body.id}`, { key: p.read })).body).toMatchObject({ alias: 'exp-2' });
  });

  it('places scores and outcomes whatever order they arrive in', async () => {
    const session = (await post('/sessions', { name: 'ordered', reference_dataset_id: datasetId })).body;
    const [first, second] = [randomUUID(), randomUUID()];
    const feedback = (run: string, score: number) => ({
      id: randomUUID(),
      run_id: run,
      trace_id: run,
      session_id: session.id,
      key: 'ok',
      score,
    });
    // A score before the outcome it is for, which arrives in two halves: its end before its start.
    expect((await send('/runs/multipart', [[`feedback.${randomUUID()}`, feedback(first, 0.25)]])).body.kept).toBe(1);
    const run = { id: first, trace_id: first, dotted_order: `x${first}`, session_name: 'ordered', reference_example_id: exampleIds[0] };
    await send('/runs/multipart', [
      [`patch.${first}`, { ...run, start_time: '2026-01-01T00:00:00.000Z', end_time: '2026-01-01T00:00:01.500Z' }],
      [`patch.${first}.outputs`, { answer: 'A' }],
    ]);
    await send('/runs/multipart', [
      [`post.${first}`, { ...run, start_time: '2026-01-01T00:00:00.000Z' }],
      [`post.${first}.inputs`, { q: 'a' }],
    ]);
    // The usual order, with a run of the target's inner call and a run outside any experiment, neither kept.
    await send('/runs/multipart', [
      [`post.${second}`, { ...run, id: second, reference_example_id: exampleIds[1], end_time: '2026-01-01T00:00:00.000Z' }],
      [`post.${second}.outputs`, { answer: 'B' }],
      [`post.${randomUUID()}`, { ...run, id: randomUUID(), parent_run_id: second }],
      [`post.${randomUUID()}`, { ...run, session_name: 'evaluators' }],
      [`attachment.${second}.trace`, 'bytes', 'text/plain'],
      [`feedback.${randomUUID()}`, feedback(second, 1)],
    ]);
    await post('/feedback', { run_id: null, session_id: session.id, key: 'overall', score: 0.6 });

    const items = (await server.request('GET', `/v1/runs/${session.id}/items`, { key: p.read })).body.data;
    expect(items.map((i: any) => [i.datapoint_id, i.output, i.latency_ms, i.scores.map((s: any) => s.result)])).toEqual([
      [exampleIds[0], { answer: 'A' }, 1500, [0.25]],
      [exampleIds[1], { answer: 'B' }, null, [1]],
    ]);
    expect((await server.request('GET', `/v1/runs/${session.id}`, { key: p.read })).body.aggregate_results).toEqual({ overall: 0.6 });
  });

  it("keeps nothing another project's key sends about this project's experiments", async () => {
    const session = (await post('/sessions', { name: 'private', reference_dataset_id: datasetId })).body;
    const other = (await server.project('ls-http-other')).write;
    const runId = randomUUID();
    const sent = await server.request('POST', `${LS}/runs`, {
      key: other,
      body: { id: runId, session_id: session.id, reference_example_id: exampleIds[0], outputs: { x: 1 }, end_time: '2026-01-01T00:00:00Z' },
    });
    expect(sent).toMatchObject({ status: 202, body: { kept: 0 } });
    expect((await server.request('GET', `/v1/runs/${session.id}/items`, { key: p.read })).body.data).toEqual([]);
  });
});
