import { timeOrderedUuid } from '../src/domain/time-ordered-id.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { newContent } from '../src/domain/datapoint-content.js';
import type { DatapointFields } from '../src/model/datapoints.js';
import { DATAPOINT_COLUMNS, toRow, type DatapointInsert } from '../src/store/datapoint-rows.js';
import { datapointSearch } from '../src/store/migrations/0013_datapoint_search.js';
import type { Store } from '../src/store/store.js';
import { benchServer, datapoint, fmt, time, type BenchServer } from './lib.js';

/** Rows per transaction, on every path measured. */
const CHUNK = 10_000;

function insertRows(datasetSeq: number, rows: number): DatapointInsert[] {
  const at = new Date().toISOString();
  return Array.from({ length: rows }, (_, i) =>
    toRow(datasetSeq, 1, {
      ...newContent(datapoint(i, 1000) as DatapointFields, { id: timeOrderedUuid(), seq: i + 1, order: i }),
      created_at: at,
      updated_at: at,
    }),
  );
}

const chunks = <T>(items: T[]) =>
  Array.from({ length: Math.ceil(items.length / CHUNK) }, (_, i) => items.slice(i * CHUNK, (i + 1) * CHUNK));
const BARE = `create table bare (${DATAPOINT_COLUMNS.map((c) => `${c} text`).join(', ')})`;

/** The raw driver's insert of the same rows into a bare table: one prepared INSERT (SQLite), COPY (PostgreSQL). */
async function rawInsert(rows: DatapointInsert[]): Promise<number> {
  const values = (r: DatapointInsert) => DATAPOINT_COLUMNS.map((c) => r[c]);
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-bare-'));
    const db = new BetterSqlite3(path.join(dir, 'bare.sqlite'));
    for (const pragma of ['journal_mode = WAL', 'synchronous = NORMAL', 'cache_size = -32768']) db.pragma(pragma);
    db.exec(BARE);
    const insert = db.prepare(`insert into bare values (${DATAPOINT_COLUMNS.map(() => '?').join(', ')})`);
    const [ms] = await time(async () => {
      for (const chunk of chunks(rows)) db.transaction(() => chunk.forEach((r) => insert.run(values(r))))();
    });
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
    return ms;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const schema = `bench_bare_${Date.now().toString(36)}`;
  await client.query(`create schema ${schema}; set search_path = ${schema}; ${BARE}`);
  const csv = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);
  const [ms] = await time(async () => {
    for (const chunk of chunks(rows)) {
      await client.query('begin');
      const lines = chunk.map((r) => `${values(r).map(csv).join(',')}\n`);
      await pipeline(Readable.from(lines), client.query(copyFrom('copy bare from stdin with (format csv)')));
      await client.query('commit');
    }
  });
  await client.query(`drop schema ${schema} cascade`);
  await client.end();
  return ms;
}

/** The same rows through the store's bulk path (a prepared INSERT / COPY), a transaction per chunk. */
async function storeInsert(store: Store, rows: DatapointInsert[]): Promise<number> {
  const [ms] = await time(async () => {
    for (const chunk of chunks(rows)) await store.transaction((tx) => tx.insertDatapoints(chunk));
  });
  return ms;
}

/**
 * A fresh store with a dataset to insert into; with `synchronous`, migration 0013's
 * indexes put back in place of 0020's (every row indexed as it is written).
 */
async function freshStore(synchronous: boolean): Promise<{ server: BenchServer; seq: number }> {
  const server = await benchServer();
  await server.store.searchIndex.pause();
  if (synchronous) {
    if (server.store.dialect.name === 'postgres') await sql`drop trigger search_backlog_add on datapoints`.execute(server.store.db);
    await datapointSearch(server.store.dialect.name).up(server.store.db);
  }
  const { seq } = await server.services.datasets.create(server.caller, { name: 'bulk' });
  return { server, seq };
}

/**
 * Issue 25's figures for the search indexes: the store's bulk insert of `rows` rows of
 * ~1 KB with indexing behind the commits (the indexer paused, then catching up alone,
 * then running while the rows land) and with migration 0013's indexes written with every
 * row, against the raw driver into a bare table.
 */
export async function bulkInsertBench(rows: number): Promise<string[]> {
  const rate = (ms: number) => `${fmt(rows / (ms / 1000) / 1000, 1)}k rows/s`;
  const rawMs = await rawInsert(insertRows(1, rows));

  const deferred = await freshStore(false);
  const { store } = deferred.server;
  const insertMs = await storeInsert(store, insertRows(deferred.seq, rows));
  const [catchUpMs] = await time(() => store.searchIndex.drain());
  const dialect = store.dialect.name;
  await deferred.server.close();

  const running = await freshStore(false);
  running.server.store.searchIndex.resume();
  const [untilIndexedMs, withIndexerMs] = await time(async () => {
    const ms = await storeInsert(running.server.store, insertRows(running.seq, rows));
    await running.server.store.searchIndex.drain();
    return ms;
  });
  await running.server.close();

  const synchronous = await freshStore(true);
  const syncMs = await storeInsert(synchronous.server.store, insertRows(synchronous.seq, rows));
  await synchronous.server.close();

  return [
    `bulk insert of ${rows} rows of ~1 KB on ${dialect} (${CHUNK}-row transactions)`,
    `  raw driver into a bare table:                    ${rate(rawMs)}`,
    `  store bulk path, indexing deferred (paused):     ${rate(insertMs)}  ratio ${fmt(rawMs / insertMs)}`,
    `  then the indexer catching up alone:              ${rate(catchUpMs)} (${fmt(catchUpMs / 1000, 1)} s)`,
    `  store bulk path with the indexer running:        ${rate(withIndexerMs)}  ratio ${fmt(rawMs / withIndexerMs)}; all indexed after ${fmt(untilIndexedMs / 1000, 1)} s`,
    `  store bulk path, indexed with every row (0013):  ${rate(syncMs)}  ratio ${fmt(rawMs / syncMs)}`,
  ];
}
