import http from 'node:http';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useServer } from '../helpers/server.js';
import { call, processEnv, projectOn, startProcess, type ProcessEnv } from '../helpers/process.js';
import { DIALECT } from '../helpers/store.js';

/**
 * An import writes its rows in many short transactions (a staged version): other
 * writers go on between them, nobody sees its rows until it publishes, and rows of an
 * import that fails or dies are taken back out.
 */
const server = useServer();
let key: string;
beforeAll(async () => {
  key = (await server.project()).write;
});

const line = (i: number) => JSON.stringify({ input: i, expected_output: 'x'.repeat(500) }) + '\n';

async function dataset(name: string): Promise<{ id: string; seq: number }> {
  const id = (await server.request('POST', '/v1/datasets', { key, body: { name } })).body.id as string;
  const row = await server.store.db.selectFrom('datasets').select('seq').where('id', '=', id).executeTakeFirstOrThrow();
  return { id, seq: row.seq };
}

/** Rows of the dataset past its head (staged, unseen) and in all. */
async function rows(seq: number): Promise<{ staged: number; all: number }> {
  const { head_version } = await server.store.db
    .selectFrom('datasets')
    .select('head_version')
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  const all = await server.store.db.selectFrom('datapoints').select(['valid_from', 'valid_to']).where('dataset_seq', '=', seq).execute();
  return {
    staged: all.filter((r) => r.valid_from > head_version || (r.valid_to > head_version && r.valid_to !== 2_147_483_647)).length,
    all: all.length,
  };
}

/** An import whose body the test writes and ends as it pleases. */
function openImport(id: string) {
  const upload = http.request(`${server.url}/v1/datasets/${id}/imports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-ndjson' },
  });
  const answered = new Promise<{ status: number; body: any }>((resolve, reject) => {
    upload.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    upload.on('error', reject);
  });
  return { upload, answered };
}

/** Resolves once `check` holds, looking again each time the event loop turns (bounded). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let tries = 0; tries < 2000; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`never happened: ${what}`);
}

describe(`staged imports (${DIALECT})`, () => {
  it('lets other writes through while an import stages, refuses commits to its dataset, and publishes all at once', async () => {
    const target = await dataset('staged-target');
    const other = await dataset('staged-other');
    const { upload, answered } = openImport(target.id);
    for (let i = 0; i < 3000; i++) upload.write(line(i));
    await until(async () => (await rows(target.seq)).staged > 0, 'rows staged');

    const elsewhere = await server.request('POST', `/v1/datasets/${other.id}/versions`, { key, body: { add: [{ input: 'meanwhile' }] } });
    expect(elsewhere.status).toBe(201);
    const here = await server.request('POST', `/v1/datasets/${target.id}/versions`, { key, body: { add: [{ input: 'clash' }] } });
    expect(here.status).toBe(409);
    expect(here.body).toMatchObject({ code: 'version_conflict' });
    expect(here.body.detail).toMatch(/an import is writing version 1 of this dataset/);
    const seen = await server.request('GET', `/v1/datasets/${target.id}/datapoints`, { key });
    expect(seen.body.data).toEqual([]);

    upload.end(line(3000));
    const done = await answered;
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ version: 1, added: 3001 });
    expect(await rows(target.seq)).toEqual({ staged: 0, all: 3001 });
    const after = await server.request('POST', `/v1/datasets/${target.id}/versions`, {
      key,
      body: { base_version: 1, add: [{ input: 'now' }] },
    });
    expect(after.status).toBe(201);
  });

  it('takes every staged row back out when a row fails late, and the dataset takes commits again', async () => {
    const target = await dataset('staged-fails');
    await server.request('POST', `/v1/datasets/${target.id}/versions`, { key, body: { add: [{ input: 'kept', external_id: 'k' }] } });
    const body = Array.from({ length: 4000 }, (_, i) => line(i)).join('') + '{"input": 1, "order": "late"}\n';
    const res = await server.request('POST', `/v1/datasets/${target.id}/imports?mode=replace`, {
      key,
      raw: { type: 'application/x-ndjson', data: body },
    });
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/line 4001/);
    expect(await rows(target.seq)).toEqual({ staged: 0, all: 1 });
    const page = await server.request('GET', `/v1/datasets/${target.id}/datapoints`, { key });
    expect(page.body.data.map((d: any) => d.external_id)).toEqual(['k']);
    const again = await server.request('POST', `/v1/datasets/${target.id}/versions`, {
      key,
      body: { base_version: 1, add: [{ input: 'next' }] },
    });
    expect(again.status).toBe(201);
  });
});

describe(`an import killed midway (${DIALECT})`, () => {
  const ADMIN = 'staged-admin-key-0123456789abcdefgh';
  let setup: ProcessEnv;
  beforeAll(async () => {
    setup = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0', DATASHELF_IMPORT_STALL_SECONDS: '5' });
  });
  afterAll(() => setup.cleanup());

  /** The store behind the process, read directly: the dataset's head and stage, and its rows past the head. */
  async function inspect(id: string): Promise<{ head: number; staged: number | null; pastHead: number }> {
    const sqlDataset = 'select seq, head_version, staged_version from datasets where id = $1';
    const sqlRows =
      'select count(*) as n from datapoints where dataset_seq = $1 and (valid_from > $2 or (valid_to > $2 and valid_to < 2147483647))';
    if (DIALECT === 'sqlite') {
      const db = new BetterSqlite3(path.join(setup.dataDir, 'datashelf.sqlite'), { readonly: true });
      try {
        const d = db.prepare(sqlDataset.replace('$1', '?')).get(id) as any;
        const n = (db.prepare(sqlRows.replace('$1', '?').replaceAll('$2', '?')).get(d.seq, d.head_version, d.head_version) as any).n;
        return { head: d.head_version, staged: d.staged_version, pastHead: Number(n) };
      } finally {
        db.close();
      }
    }
    const client = new pg.Client({ connectionString: setup.env.DATABASE_URL });
    await client.connect();
    try {
      const d = (await client.query(sqlDataset, [id])).rows[0];
      const n = (await client.query(sqlRows, [d.seq, d.head_version])).rows[0].n;
      return { head: d.head_version, staged: d.staged_version, pastHead: Number(n) };
    } finally {
      await client.end();
    }
  }

  it('leaves nothing visible, and after a restart no rows behind', async () => {
    const server = await startProcess(setup.env);
    const write = await projectOn(server.url, ADMIN, 'staged');
    const id = (await call(server.url, write, 'POST', '/v1/datasets', { name: 'killed' })).body.id as string;
    await call(server.url, write, 'POST', `/v1/datasets/${id}/versions`, { add: [{ input: 'before' }] });

    const upload = http.request(`${server.url}/v1/datasets/${id}/imports?mode=replace`, {
      method: 'POST',
      headers: { authorization: `Bearer ${write}`, 'content-type': 'application/x-ndjson' },
    });
    upload.on('error', () => {});
    for (let i = 0; i < 5000; i++) upload.write(line(i));
    await until(async () => (await inspect(id)).pastHead > 1000, 'rows staged in the store');
    server.child.kill('SIGKILL');
    expect(await server.exited).toBe('SIGKILL');
    expect((await inspect(id)).staged).toBe(2);

    const restarted = await startProcess(setup.env);
    try {
      const page = await call(restarted.url, write, 'GET', `/v1/datasets/${id}/datapoints`);
      expect(page.body.data.map((d: any) => d.input)).toEqual(['before']);
      await until(async () => (await inspect(id)).staged === null, 'the dead import swept');
      expect(await inspect(id)).toEqual({ head: 1, staged: null, pastHead: 0 });
      const next = await call(restarted.url, write, 'POST', `/v1/datasets/${id}/versions`, { base_version: 1, add: [{ input: 'after' }] });
      expect(next.status).toBe(201);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  }, 60_000);
});
