import path from 'node:path';
import type { Config } from '../config.js';
import { openPostgresStore } from './postgres.js';
import { openSqliteStore, openSqliteStoreAt } from './sqlite/open.js';
import type { Store, StoreAddress } from './store.js';

/** The store the configuration asks for: PostgreSQL when DATABASE_URL is set, else the embedded file. */
export function openStore(config: Pick<Config, 'databaseUrl' | 'dataDir'>): Promise<Store> {
  return config.databaseUrl ? openPostgresStore(config.databaseUrl) : openSqliteStore(path.join(config.dataDir, 'datashelf.sqlite'));
}

/** The store at an address another thread gave (see Store.share), already migrated: connections of its own. */
export async function openStoreAt(address: StoreAddress, maxConnections: number): Promise<Store> {
  if (address.kind === 'sqlite') return openSqliteStoreAt(address.file, address.writeLock);
  return openPostgresStore(address.url, { schema: address.schema, maxConnections, migrate: false, indexInBackground: false });
}
