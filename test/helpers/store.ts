import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Store, StoreOptions } from '../../src/store/store.js';

/** The store under test: PostgreSQL when DATABASE_URL is set (CI's second pass), else SQLite. */
export const DIALECT = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

/**
 * A fresh, migrated, empty store. On PostgreSQL each call gets its own schema, dropped
 * again on close, so test files can run in parallel on one database.
 */
export async function openTestStore(options: StoreOptions = {}): Promise<Store> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    // A file of its own: the embedded store reads and writes through two connections to it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-store-'));
    const store = await openSqliteStore(path.join(dir, 'test.sqlite'), options);
    return {
      ...store,
      close: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await openPostgresStore(url, { ...options, schema, maxConnections: 5 });
  return {
    ...store,
    close: async () => {
      await store.close();
      await dropSchema(url, schema);
    },
  };
}

/** A schema of its own on the test database, for a spawned server process. */
export async function withSchema(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create schema "${schema}"`);
  await client.end();
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  return { url: scoped.toString(), drop: () => dropSchema(url, schema) };
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists "${schema}" cascade`);
  await client.end();
}
