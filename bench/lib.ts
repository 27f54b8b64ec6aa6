import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { INSTANCE } from '../src/domain/caller.js';
import type { Caller } from '../src/domain/caller.js';
import { newContent } from '../src/domain/datapoint-content.js';
import { writeDatapoints } from '../src/store/versions.js';
import { createServices, type Services } from '../src/domain/services.js';
import type { AttachmentOptions } from '../src/domain/attachments.js';
import { buildApp } from '../src/http/app.js';
import { openPostgresStore } from '../src/store/postgres.js';
import { openSqliteStore } from '../src/store/sqlite/open.js';
import type { Store, Tx } from '../src/store/store.js';
import type { DatapointFields } from '../src/model/datapoints.js';

const BENCH_JWT = { secret: 'test-jwt-secret-0123456789abcdef0123456789', algorithm: 'HS256' as const, ttlSeconds: 3600 };

export const ADMIN = 'bench-admin-key-0123456789abcdef';

/** A fresh store: a schema of its own on DATABASE_URL, else a new SQLite file. A million-row store is gigabytes: it goes when the benchmark closes it. */
export async function benchStore(): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `bench_${Date.now().toString(36)}`;
    const store = await openPostgresStore(url, { schema });
    return withCleanup(store, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema "${schema}" cascade`);
      await client.end();
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-bench-'));
  const store = await openSqliteStore(path.join(dir, 'bench.sqlite'));
  return withCleanup(store, async () => fs.rmSync(dir, { recursive: true, force: true }));
}

function withCleanup(store: Store, cleanup: () => Promise<void>): Store {
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    await cleanup();
  };
  return store;
}

export interface BenchServer {
  url: string;
  services: Services;
  store: Store;
  key: string;
  /** The bench project's write key, as the services see it. */
  caller: Caller;
  close(): Promise<void>;
}

/** The real app on a fresh store, listening, with a project and a write key. */
export async function benchServer(attachments?: AttachmentOptions): Promise<BenchServer> {
  const store = await benchStore();
  const services = createServices(store, { jwt: BENCH_JWT, rateLimit: { limit: 0, windowSeconds: 60 }, attachments });
  await services.tenancy.ensureAdminKey(ADMIN);
  await services.tenancy.createNamespace({ slug: 'bench', name: 'bench' });
  const project = await services.tenancy.createProject('bench', { slug: 'bench', name: 'bench' });
  const { key } = await services.tenancy.createKey(
    INSTANCE,
    { namespace: 'bench', project: project.slug },
    { name: 'bench', role: 'write' },
  );
  const app = await buildApp({ services, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    services,
    store,
    key,
    caller: (await services.tenancy.authenticate(key))!,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

/** A datapoint of about `bytes` bytes of JSON. */
export function datapoint(i: number, bytes = 1000): Record<string, unknown> {
  const filler = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(bytes / 27)).slice(0, Math.max(0, bytes - 200));
  return {
    input: { question: `question ${i}`, text: filler },
    expected_output: `answer ${i}`,
    tags: ['bench', i % 2 ? 'odd' : 'even'],
    source: 'synthetic',
    metadata: { i },
  };
}

/**
 * A dataset of `rows` datapoints of about `bytes` each, written straight through the
 * store's bulk path as version 1 (setup for read benchmarks; ANALYZE on PostgreSQL, as
 * autovacuum would shortly after a bulk load).
 */
export async function loadDataset(server: BenchServer, name: string, rows: number, bytes = 300): Promise<{ id: string; seq: number }> {
  const ds = await server.services.datasets.create(server.caller, { name });
  for (let start = 0; start < rows; start += 50_000) {
    await server.store.transaction((tx) => writeBatch(tx, ds.seq, start, Math.min(50_000, rows - start), bytes));
  }
  await server.store.transaction(async (tx) => {
    await tx.db.updateTable('datasets').set({ head_version: 1, datapoint_count: rows }).where('seq', '=', ds.seq).execute();
  });
  if (server.store.dialect.name === 'postgres') await sql`analyze datapoints`.execute(server.store.db);
  return { id: ds.id, seq: ds.seq };
}

/** `count` datapoints from `start` on, written as version 1 through the store's bulk path. */
export async function writeBatch(tx: Tx, datasetSeq: number, start: number, count: number, bytes = 1000): Promise<void> {
  const at = new Date().toISOString();
  const seqs = await tx.allocateDatapointSeqs(count);
  const writes = Array.from({ length: count }, (_, i) => ({
    ...newContent(datapoint(start + i, bytes) as DatapointFields, { id: randomUUID(), seq: seqs[i], order: start + i }),
    created_at: at,
    updated_at: at,
  }));
  await writeDatapoints(tx, datasetSeq, 1, writes);
}

export async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e6, result];
}

/** Requests per second over `seconds`, with `concurrency` loops issuing GETs back to back. */
export async function throughput(url: string, headers: Record<string, string>, seconds: number, concurrency = 8): Promise<number> {
  const end = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const res = await fetch(url, { headers });
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
        count++;
      }
    }),
  );
  return count / seconds;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (n: number, digits = 2) => n.toFixed(digits);
