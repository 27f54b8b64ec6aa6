import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import { expect } from 'vitest';
import { runCommand } from '../helpers/shell.js';
import { succeeded } from './packages.js';

/**
 * What the container tests run against: an image built from the Dockerfile (CI builds it
 * first, .ci/run among them). Unset, those tests are skipped.
 */
export const IMAGE = process.env.DATASHELF_IMAGE;
export const ENGINE = process.env.DATASHELF_CONTAINER_ENGINE ?? 'podman';

/** The container engine's output, failing the test when it fails. */
export const engine = async (...args: string[]) => succeeded(await runCommand([ENGINE, ...args])).trim();

/** JSON over HTTP (these tests need nothing of the repository but its container files). */
export async function call(url: string, key: string, method: string, route: string, body?: unknown): Promise<any> {
  const headers = { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) };
  const res = await fetch(url + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.json();
}

/** Resolves once the container has logged the text (following its log as it is written). */
export async function untilLogged(container: string, text: string): Promise<void> {
  const logs = spawn(ENGINE, ['logs', '--follow', container], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(text)) resolve();
    };
    logs.stdout.on('data', onData);
    logs.stderr.on('data', onData);
    logs.on('close', () => reject(new Error(`the container ended before logging "${text}":\n${out}`)));
  });
  logs.kill();
}

/**
 * Resolves once the container's health check passes, run as its timer would (podman runs
 * them from systemd timers, which these machines do not have): every `interval` ms, up to
 * `retries` times, as the image or compose file declares them.
 */
export async function untilHealthy(container: string, { interval, retries }: { interval: number; retries: number }): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const check = await runCommand([ENGINE, 'healthcheck', 'run', container]);
    if (check.code === 0) return;
    if (attempt === retries) throw new Error(`${container} is not healthy after ${retries} checks: ${check.stdout}${check.stderr}`);
    await delay(interval);
  }
}

/** The first session's start: a namespace, a project and a key of it (the instance admin key makes them). */
export async function firstProject(url: string, admin: string): Promise<string> {
  expect((await call(url, admin, 'POST', '/v1/namespaces', { slug: 'acme', name: 'Acme' })).slug).toBe('acme');
  await call(url, admin, 'POST', '/v1/namespaces/acme/projects', { slug: 'ml', name: 'ML' });
  return (await call(url, admin, 'POST', '/v1/namespaces/acme/projects/ml/api-keys', { name: 'me' })).key;
}

/** Imports two rows with the image's own command line, run in the container, reading them from standard input. */
export async function importWithCli(container: string, key: string): Promise<void> {
  const rows = '{"external_id":"a","input":"2+2?","expected_output":"4"}\n{"external_id":"b","input":"3+3?"}\n';
  const imported = await runCommand(
    [
      'bash',
      '-c',
      `printf '%s' "$ROWS" | ${ENGINE} exec -i -e DATASHELF_KEY="$KEY" -e DATASHELF_URL=http://127.0.0.1:8080 ${container} datashelf import evals - --format jsonl --create --no-progress`,
    ],
    { env: { ...process.env, ROWS: rows, KEY: key } },
  );
  expect(succeeded(imported)).toContain('version 1 of "evals": 2 added');
}

/** What a new container on the same stores must find: the dataset the first session imported. */
export async function expectImported(url: string, key: string): Promise<void> {
  const [dataset] = (await call(url, key, 'GET', '/v1/datasets')).data;
  expect(dataset).toMatchObject({ name: 'evals', head_version: 1, datapoint_count: 2 });
}
