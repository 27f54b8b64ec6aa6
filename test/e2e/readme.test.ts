import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, processEnv, startProcess, type ProcessEnv, type Running } from '../helpers/process.js';
import { fencedBlocks, runBash } from '../helpers/shell.js';
import { DIALECT } from '../helpers/store.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ADMIN = 'readme-admin-key-0123456789abcdef';

let setup: ProcessEnv;
let server: Running;

beforeAll(async () => {
  setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN });
  server = await startProcess(setup.env);
});
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  await setup.cleanup();
});

describe(`the README's first session (${DIALECT})`, () => {
  it('runs as written, from the clone, against the server npm start runs', { timeout: 180_000 }, async () => {
    const [variables, session] = fencedBlocks(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), '## A first session');
    // The reader sets these two from what npm start printed; the test sets them to its server's.
    expect(variables).toMatch(/^export DATASHELF_URL=\S+ ADMIN_KEY=\S+\n$/);

    const config = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-readme-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATASHELF_URL: server.url,
      ADMIN_KEY: ADMIN,
      DATASHELF_CONFIG: path.join(config, 'config.json'),
    };
    delete env.DATASHELF_KEY;
    const ran = await runBash(session, { cwd: ROOT, env });
    fs.rmSync(config, { recursive: true, force: true });
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain('version 1 of "qa": 4 added, 0 updated, 0 deleted, 0 unchanged (4 rows read; 4 datapoints)');
    expect(ran.stdout).toContain('version 2 of "qa": 0 added, 1 updated, 0 deleted, 1 unchanged (2 rows read; 4 datapoints)');
    expect(ran.stdout).toMatch(/^~ \S+ +expected_output: null -> Use "Forgot password" on the/m);

    // What the session left in the store, read with a key of the project it made.
    const key = (await call(server.url, ADMIN, 'POST', '/v1/namespaces/acme/projects/ml/api-keys', { name: 'check' })).body.key;
    const [dataset] = (await call(server.url, key, 'GET', '/v1/datasets?search=qa')).body.data;
    expect(dataset).toMatchObject({ name: 'qa', head_version: 2, datapoint_count: 4 });
    const rows = (await call(server.url, key, 'GET', `/v1/datasets/${dataset.id}/datapoints?limit=10`)).body.data;
    const answers = Object.fromEntries(rows.map((d: any) => [d.external_id, d.expected_output]));
    expect(answers).toEqual({
      'refund-time': '5 to 10 business days.',
      'address-change': 'Yes, until the parcel ships.',
      'ship-norway': 'Yes, with duties paid at checkout.',
      'password-reset': 'Use "Forgot password" on the sign-in page.',
    });
  });
});
