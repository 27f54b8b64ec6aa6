import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from '../helpers/shell.js';
import { ROOT, succeeded, VERSION } from './packages.js';

/**
 * The image the Dockerfile starts from. Unset, this test is skipped: it needs a container
 * engine and the base image (CI makes a stand-in for node:*-bookworm-slim, .ci/node-image).
 */
const BASE = process.env.DATASHELF_NODE_IMAGE;
const ENGINE = process.env.DATASHELF_CONTAINER_ENGINE ?? 'podman';
const ADMIN = 'container-admin-key-0123456789abcdef';
const NAME = `datashelf-test-${randomBytes(4).toString('hex')}`;

const engine = async (...args: string[]) => succeeded(await runCommand([ENGINE, ...args])).trim();

/** JSON over HTTP (this test needs nothing of the repository but the Dockerfile and its context). */
async function call(url: string, key: string, method: string, route: string, body?: unknown): Promise<any> {
  const headers = { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) };
  const res = await fetch(url + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

/** Starts the image with the volume and resolves with its URL once the server says it listens. */
async function start(): Promise<string> {
  await engine(
    'run',
    '--detach',
    '--name',
    NAME,
    '--publish',
    '127.0.0.1::8080',
    '--volume',
    `${NAME}:/data`,
    '--env',
    `DATASHELF_ADMIN_KEY=${ADMIN}`,
    NAME,
  );
  const logs = spawn(ENGINE, ['logs', '--follow', NAME], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Server listening at')) resolve();
    };
    logs.stdout.on('data', onData);
    logs.stderr.on('data', onData);
    logs.on('close', () => reject(new Error(`the container ended before listening:\n${out}`)));
  });
  logs.kill();
  return `http://${await engine('port', NAME, '8080')}`;
}

async function stop(): Promise<void> {
  await runCommand([ENGINE, 'rm', '--force', '--time', '10', NAME]);
}

afterAll(async () => {
  await stop();
  await runCommand([ENGINE, 'volume', 'rm', '--force', NAME]);
  await runCommand([ENGINE, 'rmi', '--force', NAME]);
});

describe.runIf(BASE)('the container image (Dockerfile)', () => {
  it(
    'builds, runs as its own user with the store on a volume, reports healthy, and keeps a first session across a restart',
    { timeout: 3_600_000 },
    async () => {
      // The docker format keeps the HEALTHCHECK (the OCI format has no place for it).
      await engine('build', '--format', 'docker', '--build-arg', `NODE_IMAGE=${BASE}`, '--tag', NAME, ROOT);
      let url = await start();
      expect(await engine('exec', NAME, 'id', '-u')).not.toBe('0');
      expect((await runCommand([ENGINE, 'healthcheck', 'run', NAME])).code).toBe(0);
      expect((await call(url, ADMIN, 'GET', '/openapi.json')).info.version).toBe(VERSION);

      await call(url, ADMIN, 'POST', '/v1/namespaces', { slug: 'acme', name: 'Acme' });
      await call(url, ADMIN, 'POST', '/v1/namespaces/acme/projects', { slug: 'ml', name: 'ML' });
      const key = (await call(url, ADMIN, 'POST', '/v1/namespaces/acme/projects/ml/api-keys', { name: 'me' })).key;
      // The image's own command line, reading the rows from standard input.
      const rows = '{"external_id":"a","input":"2+2?","expected_output":"4"}\n{"external_id":"b","input":"3+3?"}\n';
      const imported = await runCommand(
        [
          'bash',
          '-c',
          `printf '%s' "$ROWS" | ${ENGINE} exec -i -e DATASHELF_KEY="$KEY" -e DATASHELF_URL=http://127.0.0.1:8080 ${NAME} datashelf import evals - --format jsonl --create --no-progress`,
        ],
        { env: { ...process.env, ROWS: rows, KEY: key } },
      );
      expect(succeeded(imported)).toContain('version 1 of "evals": 2 added');

      // A new container on the same volume finds the data the first one stored.
      await stop();
      url = await start();
      const [dataset] = (await call(url, key, 'GET', '/v1/datasets')).data;
      expect(dataset).toMatchObject({ name: 'evals', head_version: 1, datapoint_count: 2 });
    },
  );
});
