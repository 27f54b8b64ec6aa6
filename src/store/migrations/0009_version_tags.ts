import type { Kysely, Migration } from 'kysely';

/**
 * Named, movable tags on versions, and every move kept: the tag says where it points
 * now, its moves say where it pointed before (a delete is a move to nowhere).
 */
export function versionTags(): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('version_tags')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('version_tags_pk', ['dataset_seq', 'name'])
        .execute();
      await db.schema
        .createTable('version_tag_moves')
        .addColumn('dataset_seq', 'bigint', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('move', 'integer', (c) => c.notNull())
        .addColumn('from_version', 'integer')
        .addColumn('to_version', 'integer')
        .addColumn('moved_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('version_tag_moves_pk', ['dataset_seq', 'name', 'move'])
        .execute();
    },
  };
}
