import { Migrator, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './store.js';
import { init } from './migrations/0001_init.js';

/** Migrations in order; each takes the dialect so it can pick column types that differ. */
const MIGRATIONS: Record<string, (dialect: DialectName) => Migration> = {
  '0001_init': init,
};

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: {
      getMigrations: async () =>
        Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)])),
    },
  });
  const { error } = await migrator.migrateToLatest();
  if (error) throw error;
}
