import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { afterAll } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres.js';
import { openSqliteStore } from '../../src/store/sqlite/open.js';
import type { Database } from '../../src/store/schema.js';
import type { Store, StoreOptions } from '../../src/store/store.js';

export interface StorePlace {
  /** Opens the store there (migrating it to the latest), as a restarted server would; twice at once on PostgreSQL. */
  open: (options?: StoreOptions & { migrate?: boolean }) => Promise<Store>;
  /** Kysely straight on the database there, no store (and no migrations) in between. */
  raw: () => Promise<Kysely<Database>>;
  /** The PostgreSQL schema. */
  schema?: string;
}

/**
 * Stores at places of their own that can be opened again, or reached raw (to test a
 * migration on a store made before it), on the dialect under test; removed after the
 * file's tests. Call it at the top of a test file.
 */
export function useStorePlaces(): () => StorePlace {
  const url = process.env.DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-place-'));
  const schemas: string[] = [];
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (const schema of schemas) await client.query(`drop schema if exists "${schema}" cascade`);
    await client.end();
  });
  return () => {
    if (!url) {
      const file = path.join(dir, `${randomBytes(4).toString('hex')}.sqlite`);
      return {
        open: (options) => openSqliteStore(file, options),
        raw: async () => new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(file) }) }),
      };
    }
    const schema = `t_${randomBytes(6).toString('hex')}`;
    schemas.push(schema);
    return {
      schema,
      open: (options) => openPostgresStore(url, { ...options, schema, maxConnections: 3 }),
      raw: async () => {
        const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
        await pool.query(`create schema if not exists "${schema}"`);
        return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      },
    };
  };
}
