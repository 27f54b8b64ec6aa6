import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECT, withSchema } from '../helpers/store.js';

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

let env: Record<string, string>;
let dropSchema: (() => Promise<void>) | undefined;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-proc-'));
  env = { DATASHELF_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'info' };
  if (process.env.DATABASE_URL) {
    const scoped = await withSchema(process.env.DATABASE_URL);
    env.DATABASE_URL = scoped.url;
    dropSchema = scoped.drop;
  }
});
afterAll(async () => dropSchema?.());

/** Starts `src/main.ts` as its own process and waits until it listens. */
function start(extra: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: { PATH: process.env.PATH ?? '', ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1], output: () => out, exited });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    exited.then((code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
}

describe(`the datashelf process (${DIALECT})`, () => {
  it('generates an admin key on first start, prints it once, and stores only its hash', async () => {
    const first = await start();
    const printed = /generated the instance admin key.*?\n\n\s+(ds_\S+)/s.exec(first.output());
    expect(printed).not.toBeNull();
    const key = printed![1];
    const ok = await fetch(`${first.url}/v1/namespaces`, { headers: { authorization: `Bearer ${key}` } });
    expect(ok.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    if (!env.DATABASE_URL) {
      const file = fs.readFileSync(path.join(env.DATASHELF_DATA_DIR, 'datashelf.sqlite'));
      expect(file.includes(Buffer.from(key))).toBe(false);
    }

    const second = await start();
    expect(second.output()).not.toContain('generated the instance admin key');
    expect((await fetch(`${second.url}/v1/namespaces`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
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
    const server = await start({ DATASHELF_ADMIN_KEY: admin });
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const post = (p: string, body: object) => fetch(server.url + p, { method: 'POST', headers, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
    await post('/v1/namespaces', { slug: 'shut', name: 'shut' });
    await post('/v1/namespaces/shut/projects', { slug: 'down', name: 'down' });
    const key = (await post('/v1/namespaces/shut/projects/down/api-keys', { name: 'k' })).key;
    const ds = await fetch(server.url + '/v1/datasets', { method: 'POST', headers: { ...headers, authorization: `Bearer ${key}` }, body: JSON.stringify({ name: 'inflight' }) }).then((r) => r.json() as Promise<any>);

    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(`${server.url}/v1/datasets/${ds.id}/versions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
      }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.write('{"input":"first"}\n');
      setTimeout(() => {
        server.child.kill('SIGTERM');
        setTimeout(() => req.end('{"input":"second"}\n'), 300);
      }, 200);
    });
    const { status, body } = await response;
    expect(status).toBe(201);
    expect(JSON.parse(body)).toMatchObject({ version: 1, added: 2 });
    expect(await server.exited).toBe(0);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
