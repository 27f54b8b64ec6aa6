import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { importRow } from './files.js';
import { time } from './lib.js';

/** The columns of a datapoint row as the import writes them, into a table with no index. */
const COLUMNS = [
  'id',
  'seq',
  'ord',
  'input',
  'expected_output',
  'output',
  'context',
  'tags',
  'source',
  'metadata',
  'external_id',
  'splits',
  'created_at',
];
const JSON_COLUMNS = new Set(['input', 'output', 'context', 'tags', 'metadata', 'splits']);

function rowValues(i: number, at: string): (string | number | null)[] {
  const r = importRow(i);
  return [
    randomUUID(),
    i,
    i,
    JSON.stringify(r.input),
    JSON.stringify(r.expected_output),
    'null',
    'null',
    JSON.stringify(r.tags),
    r.source as string,
    JSON.stringify(r.metadata),
    r.external_id as string,
    '[]',
    at,
  ];
}

/**
 * The floor an import is held to (issue 25): the same rows, already made, written by
 * the driver alone into a bare table: one prepared INSERT in one transaction on SQLite,
 * COPY into jsonb columns on PostgreSQL. Returns milliseconds.
 */
export async function rawInsert(count: number): Promise<number> {
  const at = new Date().toISOString();
  const rows = Array.from({ length: count }, (_, i) => rowValues(i, at));
  return process.env.DATABASE_URL ? rawPostgres(process.env.DATABASE_URL, rows) : rawSqlite(rows);
}

async function rawSqlite(rows: (string | number | null)[][]): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-raw-'));
  const db = new BetterSqlite3(path.join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(`create table bare (${COLUMNS.join(', ')})`);
    const insert = db.prepare(`insert into bare (${COLUMNS.join(', ')}) values (${COLUMNS.map(() => '?').join(', ')})`);
    const [ms] = await time(async () => db.transaction(() => rows.forEach((row) => insert.run(row)))());
    return ms;
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function rawPostgres(url: string, rows: (string | number | null)[][]): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const table = `bare_${Date.now().toString(36)}`;
  try {
    await client.query(`create table ${table} (${COLUMNS.map((c) => `${c} ${JSON_COLUMNS.has(c) ? 'jsonb' : 'text'}`).join(', ')})`);
    const field = (v: string | number | null) => (v === null ? '' : `"${String(v).replace(/"/g, '""')}"`);
    const [ms] = await time(async () => {
      const lines = function* () {
        let chunk = '';
        for (const row of rows) {
          chunk += row.map(field).join(',') + '\n';
          if (chunk.length < 1 << 16) continue;
          yield chunk;
          chunk = '';
        }
        if (chunk) yield chunk;
      };
      await pipeline(Readable.from(lines()), client.query(copyFrom(`copy ${table} from stdin with (format csv)`)));
    });
    return ms;
  } finally {
    await client.query(`drop table if exists ${table}`);
    await client.end();
  }
}
