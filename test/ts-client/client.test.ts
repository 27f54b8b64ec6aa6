import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import { ConnectionError, Datashelf, DatashelfError, collect } from '@datashelf/client';
import { useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';

const run = promisify(execFile);
const server = useServer();
const RATE_LIMITED = useServer({ rateLimit: { limit: 6, windowSeconds: 1 } });

/** A URL nothing listens on: a port just given up by the system. */
async function closedPortUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function client(fixture = server, options: { fetch?: typeof fetch } = {}) {
  const { write } = await fixture.project();
  return new Datashelf({ url: fixture.url, key: write, ...options });
}

describe(`the TypeScript client (${DIALECT})`, () => {
  it('runs a first session: create, import a file, page through it, commit, diff', async () => {
    const shelf = await client();
    const dataset = await shelf.datasets.create({ name: 'qa', tags: ['eval'] });
    const lines = Array.from({ length: 2500 }, (_, i) => JSON.stringify({ input: { q: `question ${i}` }, external_id: `q${i}` }));
    const file = Readable.toWeb(Readable.from([lines.join('\n')])) as ReadableStream<Uint8Array>;
    const imported = await shelf.importFile(dataset.id, file, { format: 'jsonl', message: 'first rows' });
    expect(imported).toMatchObject({ version: 1, added: 2500, datapoint_count: 2500 });

    const all = await collect(shelf.datapoints.list(dataset.id));
    expect(all.map((d) => d.external_id)).toEqual(lines.map((_, i) => `q${i}`));

    const first = all[0];
    await shelf.versions.commit(dataset.id, { update: [{ id: first.id, expected_output: 'an answer' }], delete: [all[1].id] });
    const changes = await collect(shelf.diff(dataset.id, 1, 2));
    expect(changes.map((c) => [c.change, c.id])).toEqual([
      ['changed', first.id],
      ['removed', all[1].id],
    ]);
    expect((await collect(shelf.versions.list(dataset.id))).map((v) => v.version)).toEqual([2, 1]);
    expect(await shelf.datasets.get(dataset.id)).toMatchObject({ head_version: 2, datapoint_count: 2499 });
  });

  it('takes an import mapping as an object or as JSON text', async () => {
    const shelf = await client();
    const dataset = await shelf.datasets.create({ name: 'mapped' });
    const csv = 'question,answer,id\nwhat is 2+2?,4,q1\n';
    const fields = { input: 'question', expected_output: 'answer', external_id: 'id' };
    const asObject = await shelf.importFile(dataset.id, csv, { format: 'csv', mapping: { fields } });
    expect(asObject).toMatchObject({ version: 1, added: 1 });
    const asText = await shelf.importFile(dataset.id, csv, { format: 'csv', mode: 'upsert', mapping: JSON.stringify({ fields }) });
    expect(asText).toMatchObject({ created: false, unchanged: 1 });
    const [row] = await collect(shelf.datapoints.list(dataset.id));
    expect(row).toMatchObject({ input: 'what is 2+2?', expected_output: '4', external_id: 'q1' });
  });

  it('pins a run, writes its items, compares it with another, and manages a webhook', async () => {
    const { write, admin } = await server.project();
    const shelf = new Datashelf({ url: server.url, key: write });
    const dataset = await shelf.datasets.create({ name: 'exp' });
    await shelf.versions.commit(dataset.id, { add: [{ input: 'a', tags: ['x'] }, { input: 'b' }] });
    const [a, b] = await collect(shelf.datapoints.list(dataset.id));
    const metric = await shelf.transport.json<{ id: string }>('POST', '/v1/metrics', { json: { name: 'acc' } });
    const [base, head] = [
      await shelf.runs.create({ dataset_id: dataset.id, run_type: 'DATASET', run_source: 'SDK', threshold: 50 }),
      await shelf.runs.create({ dataset_id: dataset.id, run_type: 'DATASET', run_source: 'SDK', threshold: 50 }),
    ];
    expect(await shelf.runs.writeItems(head.id, [{ datapoint_id: a.id, output: 'A' }])).toEqual({ run_id: head.id, written: 1 });
    expect((await collect(shelf.runs.items(head.id))).map((i) => i.output)).toEqual(['A']);
    for (const [run, scores] of [
      [base, [90, 90]],
      [head, [40, 95]],
    ] as const)
      await shelf.runs.evaluate(
        run.id,
        [a, b].map((d, i) => ({ record_id: d.id, metric_id: metric.id, result: scores[i], threshold: 50 })),
      );
    expect((await shelf.runs.get(head.id)).aggregates[0]).toMatchObject({ count: 2, mean: 67.5, pass_rate: 0.5 });
    const compared = await shelf.runs.compare(base.id, head.id, { change: 'regressed' });
    expect((await collect(compared.items)).map((d) => [d.datapoint_id, d.delta])).toEqual([[a.id, -50]]);
    expect((await collect(shelf.diff(dataset.id, 0, 1, { tag: ['x'] }))).map((c) => c.id)).toEqual([a.id]);

    const admin_ = new Datashelf({ url: server.url, key: admin });
    const hook = await admin_.webhooks.create({ url: 'https://93.184.215.14/hook', events: ['version.created'] });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await admin_.webhooks.ping(hook.id)).event).toBe('webhook.ping');
    expect((await collect(admin_.webhooks.deliveries(hook.id))).map((d) => d.status)).toEqual(['pending']);
  });

  it('streams an export, and reports refusals as typed problems', async () => {
    const shelf = await client();
    const dataset = await shelf.datasets.create({ name: 'exported' });
    await shelf.versions.commit(dataset.id, { add: [{ input: 'a', expected_output: '42' }, { input: 'b' }] });
    const csv = await new Response(await shelf.exportStream(dataset.id, { format: 'csv' })).text();
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(csv).toContain('"42"');

    const missing = await shelf.datasets.get('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DatashelfError);
    expect(missing).toMatchObject({ status: 404, code: 'not_found' });
    const invalid = await shelf.datasets.create({ name: '' }).catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 422, code: 'validation_failed' });
    expect((invalid as DatashelfError).problem?.errors?.[0].field).toBe('body/name');
  });

  it('retries a rate-limited POST after Retry-After with the same Idempotency-Key, so the work is done once', async () => {
    const sent: { status: number; key: string | null }[] = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      sent.push({ status: res.status, key: new Headers(init?.headers).get('idempotency-key') });
      return res;
    };
    const shelf = await client(RATE_LIMITED, { fetch: recording });
    sent.length = 0;
    // Twice the limit, so one fixed window holds more than the limit wherever its edge falls.
    const names = Array.from({ length: 16 }, (_, i) => `r${String(i).padStart(2, '0')}`);
    for (const name of names) await shelf.datasets.create({ name });
    expect(sent.some((s) => s.status === 429)).toBe(true);
    const retried = sent.findIndex((s) => s.status === 429);
    expect(sent[retried + 1]).toEqual({ status: 201, key: sent[retried].key });
    expect((await collect(shelf.datasets.list({ sort: 'name' }))).map((d) => d.name)).toEqual(names);
  });

  it('reports the early refusal of a 40 MB streamed import with its status and message', async () => {
    const shelf = await client();
    const dataset = await shelf.datasets.create({ name: 'refused' });
    const row = JSON.stringify({ input: 'x'.repeat(500) }) + '\n';
    const rows = Buffer.from(row.repeat(Math.ceil(40e6 / row.length)));
    const longLine = Buffer.from(JSON.stringify({ input: 'y'.repeat(2 * 1024 * 1024) }) + '\n');
    function* chunks(bytes: Buffer) {
      for (let at = 0; at < bytes.length; at += 64 * 1024) yield bytes.subarray(at, at + 64 * 1024);
    }
    const refusals = [
      { body: rows, mapping: '{"frob":1}', status: 422, detail: 'mapping: frob is not a known field' },
      { body: Buffer.concat([longLine, rows]), mapping: undefined, status: 413, detail: 'line 1: longer than 1048576 bytes' },
    ];
    for (const { body, mapping, status, detail } of refusals) {
      const file = Readable.toWeb(Readable.from(chunks(body))) as ReadableStream<Uint8Array>;
      const error = await shelf.importFile(dataset.id, file, { format: 'jsonl', mapping }).catch((e: unknown) => e);
      expect(error, detail).toBeInstanceOf(DatashelfError);
      expect(error).toMatchObject({ status, detail });
    }
    expect(await shelf.datasets.get(dataset.id)).toMatchObject({ head_version: 0 });
  });

  it('says when the server cannot be reached', async () => {
    const url = await closedPortUrl();
    const error = await new Datashelf({ url, key: 'k' }).datasets.get('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toBe(`cannot reach ${url}: connection refused`);
  });

  it('runs the first-session example of its README against the server', async () => {
    const { write } = await server.project();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-example-'));
    const rows = path.join(dir, 'rows.jsonl');
    fs.writeFileSync(rows, ['{"input":"2+2?","expected_output":"4","external_id":"a"}', '{"input":"3+3?","external_id":"b"}'].join('\n'));
    const example = fileURLToPath(new URL('../../clients/typescript/examples/first-session.ts', import.meta.url));
    const { stdout } = await run('npx', ['tsx', example, rows], {
      env: { ...process.env, DATASHELF_URL: server.url, DATASHELF_KEY: write },
    });
    expect(stdout.trim().split('\n')).toEqual(['version 1: 2 datapoints', '1 without an expected output', 'changed b']);
    const readme = fs.readFileSync(new URL('../../clients/typescript/README.md', import.meta.url), 'utf8');
    const shown = /```ts\n([\s\S]*?)```/.exec(readme)![1];
    expect(fs.readFileSync(example, 'utf8').replace(/^(\/\/.*\n)+/, '')).toBe(shown);
  });

  it('keeps its committed types generated from the committed OpenAPI document', async () => {
    const generated = COMMENT_HEADER + astToString(await openapiTS(new URL('../../openapi.json', import.meta.url)));
    // When this fails: npm run generate -w @datashelf/client, and commit src/schema.ts.
    expect(generated).toBe(fs.readFileSync(new URL('../../clients/typescript/src/schema.ts', import.meta.url), 'utf8'));
  });
});
