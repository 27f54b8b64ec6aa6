import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { call, processEnv, projectOn, startProcess, type ProcessEnv, type Running } from '../helpers/process.js';
import { DIALECT } from '../helpers/store.js';

const ADMIN = 'shutdown-admin-key-0123456789abcdef';
let setup: ProcessEnv | undefined;

afterEach(async () => setup?.cleanup());

/** The documented way to run datashelf, in a process group of its own as a terminal gives it. */
async function npmStart(): Promise<Running> {
  setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0' });
  return startProcess(setup.env, ['npm', 'start', '--silent'], true);
}

/**
 * An NDJSON upload that the server has accepted (it answered 100 Continue) and is
 * reading: `finish` sends the rest of the body, `done` is its response.
 */
function acceptedUpload(url: string, key: string, datasetId: string, lines: number) {
  const line = (i: number) => JSON.stringify({ input: { i }, expected_output: 'x'.repeat(200) }) + '\n';
  let finish!: () => void;
  let accepted!: Promise<void>;
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      `${url}/v1/datasets/${datasetId}/versions`,
      {
        method: 'POST',
        agent: false,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', expect: '100-continue' },
      },
      (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      },
    );
    req.on('error', reject);
    accepted = new Promise((resolveAccepted) => req.on('continue', () => req.write(line(0), () => resolveAccepted())));
    finish = () => {
      for (let i = 1; i < lines; i++) req.write(line(i));
      req.end();
    };
  });
  return { accepted, finish: () => finish(), done };
}

const listening = (url: string) =>
  fetch(`${url}/healthz`).then(
    () => true,
    () => false,
  );

describe(`shutdown through npm start (${DIALECT})`, () => {
  it('finishes every accepted request when the process group is signalled under 50 connections', async () => {
    const server = await npmStart();
    const key = await projectOn(server.url, ADMIN, 'drain');
    const datasets = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(server.url, key, 'POST', '/v1/datasets', { name: `d${i}` })),
    );
    const uploads = datasets.map((d) => acceptedUpload(server.url, key, d.body.id, 200));
    await Promise.all(uploads.map((u) => u.accepted));

    process.kill(-server.child.pid!, 'SIGTERM');
    for (const upload of uploads) upload.finish();
    const results = await Promise.all(uploads.map((u) => u.done));

    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(results.every((r) => JSON.parse(r.body).added === 200)).toBe(true);
    await server.exited;
    expect(await listening(server.url)).toBe(false);
    expect(server.output()).toContain('shutting down');

    // Everything acknowledged is there after a restart.
    const again = await startProcess(setup!.env);
    const stored = await Promise.all(datasets.map((d) => call(again.url, key, 'GET', `/v1/datasets/${d.body.id}`)));
    expect(stored.map((s) => s.body.datapoint_count)).toEqual(Array(50).fill(200));
    again.child.kill('SIGTERM');
    await again.exited;
  });

  it('shuts the server down gracefully when only npm is signalled, leaving nothing behind', async () => {
    const server = await npmStart();
    const key = await projectOn(server.url, ADMIN, 'alone');
    const ds = (await call(server.url, key, 'POST', '/v1/datasets', { name: 'one' })).body;
    const upload = acceptedUpload(server.url, key, ds.id, 50);
    await upload.accepted;

    server.child.kill('SIGTERM');
    upload.finish();
    expect((await upload.done).status).toBe(201);
    await server.exited;
    // npm passes the signal on: the server does not outlive it, orphaned and still serving.
    await expect.poll(() => listening(server.url), { timeout: 10_000 }).toBe(false);
    expect(server.output()).toContain('shutting down');
  });
});
