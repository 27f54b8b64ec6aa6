import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../store.js';

/**
 * Soft-deleting a dataset detaches its collections in the same statement, as ON DELETE
 * SET NULL would for a hard delete: they stay as standalone collections.
 */
export function detachCollections(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'sqlite') {
        await sql`
          create trigger datasets_detach_collections after update of deleted_at on datasets
          when new.deleted_at is not null and old.deleted_at is null
          begin
            update collections set dataset_id = null, updated_at = new.deleted_at where dataset_id = new.id;
          end`.execute(db);
        return;
      }
      await sql`
        create function datasets_detach_collections() returns trigger language plpgsql as $$
        begin
          update collections set dataset_id = null, updated_at = new.deleted_at where dataset_id = new.id;
          return new;
        end $$`.execute(db);
      await sql`
        create trigger datasets_detach_collections after update of deleted_at on datasets
        for each row when (new.deleted_at is not null and old.deleted_at is null)
        execute function datasets_detach_collections()`.execute(db);
    },
  };
}
