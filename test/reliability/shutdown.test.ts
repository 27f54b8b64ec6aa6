import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { call, freePort, processEnv, projectOn, spawnServer, startProcess, type ProcessEnv, type Running } from '../helpers/process.js';
import { rawConnection } from '../helpers/raw-http.js';
import { DIALECT } from '../helpers/store.js';

const ADMIN = 'shutdown-admin-key-0123456789abcdef';
let setup: ProcessEnv | undefined;

afterEach(async () => setup?.cleanup());

// Each test starts the server at least once, which alone can take 10-15 s on a loaded machine.

/** The documented way to run datashelf, in a process group of its own as a terminal gives it. */
async function npmStart(): Promise<Running> {
  setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0' });
  return startProcess(setup.env, ['npm', 'start', '--silent'], true);
}

/**
 * An NDJSON upload (to the dataset's `route`: a commit, or an import) that the server has
 * accepted (it answered 100 Continue) and is reading: `finish` sends the rest of the
 * body, `done` is its response.
 */
function acceptedUpload(url: string, key: string, datasetId: string, lines: number, route = 'versions') {
  const line = (i: number) => JSON.stringify({ input: { i }, expected_output: 'x'.repeat(200) }) + '\n';
  let finish!: () => void;
  let accepted!: Promise<void>;
  const done = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request(
      `${url}/v1/datasets/${datasetId}/${route}`,
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

/** A connection a client keeps alive between requests: `get` sends one GET on it and resolves with its answer. */
async function keptAlive(url: string, key: string) {
  const connection = rawConnection(url);
  await connection.connected;
  let sent = 0;
  return async (route: string) => {
    sent++;
    await connection.write(`GET ${route} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${key}\r\n\r\n`);
    return (await connection.responses(sent))[sent - 1];
  };
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
  }, 120_000);

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
  }, 120_000);
});

/** Where the server's stdout goes: a reader that reads, one that died, one that stopped reading, /dev/null, a file. */
const STDOUTS = ['read', 'reader gone', 'reader stalled', '/dev/null', 'a file'] as const;

/** A server whose stdout goes where `stdout` says, once it listens. */
async function startWritingTo(stdout: (typeof STDOUTS)[number], env: Record<string, string>) {
  if (stdout === '/dev/null' || stdout === 'a file') {
    const port = await freePort();
    const target = stdout === 'a file' ? path.join(path.dirname(env.DATASHELF_DATA_DIR), 'server.log') : '/dev/null';
    const fd = fs.openSync(target, 'w');
    const server = spawnServer({ ...env, PORT: String(port) }, fd);
    fs.closeSync(fd);
    const url = `http://127.0.0.1:${port}`;
    await expect.poll(() => listening(url), { timeout: 60_000 }).toBe(true);
    return { ...server, url };
  }
  const server = await startProcess(env);
  if (stdout === 'reader gone') server.child.stdout!.destroy();
  if (stdout === 'reader stalled') server.child.stdout!.pause();
  return server;
}

describe(`shutdown, cycle after cycle (${DIALECT})`, () => {
  it('drains every time, wherever stdout goes: uploads and an import in flight finish, kept-alive connections get 503, exit 0', async () => {
    setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0' });
    for (let cycle = 0; cycle < 10; cycle++) {
      const stdout = STDOUTS[cycle % STDOUTS.length];
      const server = await startWritingTo(stdout, setup.env);
      const key = await projectOn(server.url, ADMIN, `cycle${cycle}`);
      const datasets = await Promise.all(
        Array.from({ length: 4 }, (_, i) => call(server.url, key, 'POST', '/v1/datasets', { name: `d${i}` })),
      );
      // Enough log lines that a reader which stopped reading leaves the pipe full.
      if (stdout === 'reader stalled')
        for (let i = 0; i < 40; i++) await Promise.all(Array.from({ length: 50 }, () => fetch(`${server.url}/healthz`)));
      const [native, gateway] = [await keptAlive(server.url, key), await keptAlive(server.url, key)];
      expect((await native('/v1/datasets?limit=1')).status).toBe(200);
      expect((await gateway('/compat/gateway/v1/datasets')).status).toBe(200);
      const uploads = datasets.slice(1).map((d) => acceptedUpload(server.url, key, d.body.id, 100));
      const running = acceptedUpload(server.url, key, datasets[0].body.id, 3000, 'imports?format=jsonl');
      await Promise.all([...uploads, running].map((u) => u.accepted));

      server.child.kill('SIGTERM');
      // The kept-alive connection answers 200 until the server has started draining, then 503 (and closes).
      let late;
      do late = await native('/v1/datasets?limit=1');
      while (late.status === 200);
      const lateGateway = await gateway('/compat/gateway/v1/datasets');
      for (const upload of [...uploads, running]) upload.finish();
      const results = await Promise.all([...uploads, running].map((u) => u.done));

      expect(late, stdout).toMatchObject({ status: 503, headers: { 'retry-after': '5', connection: 'close' } });
      expect(JSON.parse(late.body)).toMatchObject({ status: 503, code: 'unavailable' });
      expect(lateGateway, stdout).toMatchObject({ status: 503, headers: { 'content-type': expect.stringContaining('application/json') } });
      expect(JSON.parse(lateGateway.body)).toMatchObject({ error: { code: 'unavailable' } });
      expect(
        results.map((r) => r.status),
        stdout,
      ).toEqual([201, 201, 201, 201]);
      expect(results.map((r) => JSON.parse(r.body).added)).toEqual([100, 100, 100, 3000]);
      expect(await server.exited, stdout).toBe(0);
    }
  }, 600_000);

  it('exits at once, with code 1 and a log line, at a second signal or past DATASHELF_SHUTDOWN_TIMEOUT', async () => {
    setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0', DATASHELF_SHUTDOWN_TIMEOUT: '1' });
    for (const ending of ['SIGINT', 'the timeout'] as const) {
      const server = await startProcess(setup.env);
      const key = await projectOn(server.url, ADMIN, ending === 'SIGINT' ? 'second' : 'timeout');
      const ds = (await call(server.url, key, 'POST', '/v1/datasets', { name: 'held' })).body;
      // An upload the client never finishes holds the drain up.
      const held = acceptedUpload(server.url, key, ds.id, 10);
      held.done.catch(() => {});
      await held.accepted;
      server.child.kill('SIGTERM');
      await server.logged('shutting down');
      if (ending === 'SIGINT') server.child.kill('SIGINT');
      expect(await server.exited).toBe(1);
      expect(server.output()).toContain(
        ending === 'SIGINT' ? 'second signal: exiting now' : 'shutdown did not finish in 1 s: exiting with work unfinished',
      );
    }
  }, 120_000);
});
