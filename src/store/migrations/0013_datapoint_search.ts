import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../store.js';

/** Letters (to unicode61) that glued a metadata path and its value into one word. */
const PATH_JOINER = 'ǂ';
const UNDERSCORE = 'ǀ';
const HYPHEN = 'ǁ';

/** The string values inside a JSON column of the new row, joined by spaces. */
const strings = (column: string) => `coalesce((select group_concat(value, ' ') from json_tree(new.${column}) where type = 'text'), '')`;

/**
 * Full-text search and indexed metadata filters over datapoint rows.
 *
 * SQLite: a contentless FTS5 table keyed by row_id, filled by trigger. `body` holds the
 * string values of input and expected_output and the prompt; `meta` holds each scalar of
 * metadata as one word of its path and its value's first word (`difficultyǂhard`), so an
 * equality filter is narrowed by a phrase whose first word is as rare as the value
 * before it is checked exactly. PostgreSQL: GIN indexes on the same text as a tsvector
 * and on metadata as jsonb. Both index the same words ('simple' / unicode61, no stemming,
 * accents kept) so a query finds the same rows on either store.
 *
 * Replaced by migration 0016 (indexing behind the commits).
 */
export function datapointSearch(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      if (dialect === 'postgres') {
        await sql`create index datapoints_text on datapoints using gin ((
          jsonb_to_tsvector('simple', input::jsonb, '["string"]')
          || jsonb_to_tsvector('simple', expected_output::jsonb, '["string"]')
          || to_tsvector('simple', coalesce(prompt, ''))))`.execute(db);
        await sql`create index datapoints_metadata on datapoints using gin ((metadata::jsonb) jsonb_path_ops)`.execute(db);
        return;
      }
      const body = `${strings('input')} || ' ' || ${strings('expected_output')} || ' ' || coalesce(new.prompt, '')`;
      const path = `replace(replace(replace(replace(substr(fullkey, 3), '"', ''), '.', '${PATH_JOINER}'), '_', '${UNDERSCORE}'), '-', '${HYPHEN}')`;
      const meta = `coalesce((select group_concat(${path} || '${PATH_JOINER}' || (case when type in ('true', 'false') then type else value end), ' . ')
        from json_tree(new.metadata) where type not in ('object', 'array', 'null')), '')`;
      await sql
        .raw(
          `create virtual table datapoints_text using fts5(body, meta, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger datapoints_text_insert after insert on datapoints begin
            insert into datapoints_text(rowid, body, meta) values (new.row_id, ${body}, ${meta});
          end`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger datapoints_text_delete after delete on datapoints begin delete from datapoints_text where rowid = old.row_id; end`,
        )
        .execute(db);
      const backfill = (text: string) => text.replace(/new\./g, 'd.');
      await sql
        .raw(`insert into datapoints_text(rowid, body, meta) select d.row_id, ${backfill(body)}, ${backfill(meta)} from datapoints d`)
        .execute(db);
    },
  };
}
