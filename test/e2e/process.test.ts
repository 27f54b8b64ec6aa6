import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, processEnv, projectOn, startProcess, type ProcessEnv } from '../helpers/process.js';
import { DIALECT } from '../helpers/store.js';

let setup: ProcessEnv;

beforeAll(async () => {
  setup = await processEnv();
});
afterAll(() => setup.cleanup());

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

describe(`the datashelf process (${DIALECT})`, () => {
  it('generates an admin key on first start, prints it once, and stores only its hash, in private files', async () => {
    const first = await startProcess(setup.env);
    const printed = /generated the instance admin key.*?\n\n\s+(ds_\S+)/s.exec(first.output());
    expect(printed).not.toBeNull();
    const key = printed![1];
    expect((await call(first.url, key, 'GET', '/v1/namespaces')).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(mode(setup.dataDir)).toBe('700');
    // Everything below it too (the attachments' blobs are a tree of directories): directories 700, files 600.
    for (const entry of fs.readdirSync(setup.dataDir, { recursive: true, encoding: 'utf8' })) {
      const file = path.join(setup.dataDir, entry);
      if (fs.statSync(file).isDirectory()) {
        expect(mode(file), entry).toBe('700');
        continue;
      }
      expect(mode(file), entry).toBe('600');
      expect(fs.readFileSync(file).includes(Buffer.from(key)), entry).toBe(false);
    }

    const second = await startProcess(setup.env);
    expect(second.output()).not.toContain('generated the instance admin key');
    expect((await call(second.url, key, 'GET', '/v1/namespaces')).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('rotates the instance admin key when DATASHELF_ADMIN_KEY is set, revoking the one in use', async () => {
    const own = await processEnv();
    try {
      const first = await startProcess(own.env);
      const generated = /generated the instance admin key.*?\n\n\s+(ds_\S+)/s.exec(first.output())![1];
      first.child.kill('SIGTERM');
      await first.exited;
      const configured = 'rotated-admin-key-0123456789abcdefgh';
      const second = await startProcess({ ...own.env, DATASHELF_ADMIN_KEY: configured });
      expect((await call(second.url, generated, 'GET', '/v1/namespaces')).status).toBe(401);
      expect((await call(second.url, configured, 'GET', '/v1/namespaces')).status).toBe(200);
      second.child.kill('SIGTERM');
      await second.exited;
      const next = 'rotated-again-key-0123456789abcdefgh';
      const third = await startProcess({ ...own.env, DATASHELF_ADMIN_KEY: next });
      expect((await call(third.url, configured, 'GET', '/v1/namespaces')).status).toBe(401);
      expect((await call(third.url, next, 'GET', '/v1/namespaces')).status).toBe(200);
      // Restarting without the variable keeps the configured key, and generates none.
      third.child.kill('SIGTERM');
      await third.exited;
      const fourth = await startProcess(own.env);
      expect(fourth.output()).not.toContain('generated the instance admin key');
      expect((await call(fourth.url, next, 'GET', '/v1/namespaces')).status).toBe(200);
      fourth.child.kill('SIGTERM');
      await fourth.exited;
    } finally {
      await own.cleanup();
    }
    // Four starts of the server, each of which can take 10 s on a loaded machine.
  }, 120_000);

  it('logs one line per request, with its route template, status and duration', async () => {
    const admin = 'logging-admin-key-0123456789abcdefgh';
    const server = await startProcess({ ...setup.env, DATASHELF_ADMIN_KEY: admin });
    await call(server.url, admin, 'GET', '/v1/namespaces?limit=5');
    await call(server.url, admin, 'GET', '/v1/datasets/00000000-0000-4000-8000-000000000000');
    server.child.kill('SIGTERM');
    await server.exited;
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.includes('"reqId"'))
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        method: 'GET',
        route: '/v1/namespaces',
        status: 200,
        ms: expect.any(Number),
      }),
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        method: 'GET',
        route: '/v1/datasets/:id',
        status: 403,
        ms: expect.any(Number),
      }),
    ]);
    expect(server.output()).not.toContain(admin);
  });

  it('refuses a bad configuration with a clear message', async () => {
    const child = spawn(process.execPath, ['dist/main.js'], { env: { PATH: process.env.PATH ?? '', PORT: 'http' } });
    let err = '';
    child.stderr.on('data', (c) => (err += c));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('configuration error: PORT must be an integer');
  });

  it('finishes an in-flight request on SIGTERM, then exits cleanly', async () => {
    const admin = 'process-admin-key-0123456789abcdef';
    const server = await startProcess({ ...setup.env, DATASHELF_ADMIN_KEY: admin });
    const key = await projectOn(server.url, admin, 'shut');
    const ds = (await call(server.url, key, 'POST', '/v1/datasets', { name: 'inflight' })).body;

    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        `${server.url}/v1/datasets/${ds.id}/versions`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson', expect: '100-continue' },
        },
        (res) => {
          let body = '';
          res.on('data', (c) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      // The server has taken the request once it asks for the body; then it is told to stop, then the body ends.
      req.on('continue', () => {
        req.write('{"input":"first"}\n', () => {
          server.child.kill('SIGTERM');
          req.end('{"input":"second"}\n');
        });
      });
    });
    const { status, body } = await response;
    expect(status).toBe(201);
    expect(JSON.parse(body)).toMatchObject({ version: 1, added: 2 });
    expect(await server.exited).toBe(0);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
