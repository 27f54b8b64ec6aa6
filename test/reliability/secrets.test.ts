import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, processEnv, startProcess, type ProcessEnv } from '../helpers/process.js';
import { DIALECT } from '../helpers/store.js';

/**
 * Secrets at rest: after keys and tokens are made (some under Idempotency-Keys, some
 * retried), no secret is in any table, any file of the data directory, or the log,
 * even at trace level. Only hashes and short prefixes are kept.
 */
const ADMIN = 'secrets-admin-key-0123456789abcdefgh';
let setup: ProcessEnv;

beforeAll(async () => {
  setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, LOG_LEVEL: 'trace' });
});
afterAll(() => setup.cleanup());

/** Every row of every table in the server's schema, as text. */
async function everyRow(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows: tables } = await client.query<{ table_name: string }>(
    "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'",
  );
  let all = '';
  for (const { table_name } of tables) all += JSON.stringify((await client.query(`select * from "${table_name}"`)).rows);
  await client.end();
  return all;
}

describe(`secrets at rest (${DIALECT})`, () => {
  it('keeps no key or token in any table, file or log line', async () => {
    const server = await startProcess(setup.env);
    const { url } = server;
    await call(url, ADMIN, 'POST', '/v1/namespaces', { slug: 'vault', name: 'vault' });
    await call(url, ADMIN, 'POST', '/v1/namespaces/vault/projects', { slug: 'p', name: 'p' });
    const secrets: string[] = [ADMIN];
    const keyPost = (body: object, idempotency?: string) =>
      fetch(`${url}/v1/namespaces/vault/projects/p/api-keys`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${ADMIN}`,
          'content-type': 'application/json',
          ...(idempotency && { 'idempotency-key': idempotency }),
        },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<any>);
    for (const role of ['read', 'write', 'admin']) secrets.push((await keyPost({ name: role, role })).key);
    secrets.push((await keyPost({ name: 'idem' }, 'k-1')).key);
    expect((await keyPost({ name: 'idem' }, 'k-1')).code).toBe('idempotency_secret_not_replayable');
    for (const key of secrets.slice(1)) {
      const token = await fetch(`${url}/v1/auth/token`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'idempotency-key': `t-${key.slice(-6)}` },
      }).then((r) => r.json() as Promise<any>);
      secrets.push(token.access_token);
      // Used, so the token passes through authentication and logging too.
      expect(
        (
          await fetch(`${url}/compat/spaces/namespaces/vault/projects/p/datasets`, {
            headers: { authorization: `Bearer ${token.access_token}` },
          })
        ).status,
      ).toBe(200);
    }
    expect((await call(url, secrets[2], 'GET', '/v1/datasets')).status).toBe(200);
    server.child.kill('SIGTERM');
    await server.exited;

    const stored = setup.env.DATABASE_URL
      ? await everyRow(setup.env.DATABASE_URL)
      : fs
          .readdirSync(setup.dataDir, { recursive: true, encoding: 'utf8' })
          .map((f) => path.join(setup.dataDir, f))
          .filter((f) => fs.statSync(f).isFile())
          .map((f) => fs.readFileSync(f).toString('latin1'))
          .join('\n');
    expect(stored.length).toBeGreaterThan(1000);
    for (const secret of secrets) {
      expect(stored.includes(secret), `${secret.slice(0, 12)}… stored`).toBe(false);
      expect(server.output().includes(secret), `${secret.slice(0, 12)}… logged`).toBe(false);
    }
    // The requests themselves were logged: the check above ran against real request logs.
    expect(server.output()).toContain('request completed');
  });
});
