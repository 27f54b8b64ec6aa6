import type { VersionTagMoveTable, VersionTagTable } from './schema.js';
import type { Queryable, Tx } from './store.js';

export type TagRow = Omit<VersionTagTable, 'dataset_seq'>;
export type TagMoveRow = Omit<VersionTagMoveTable, 'dataset_seq'>;

const TAG_COLUMNS = ['name', 'version', 'created_at', 'updated_at'] as const;

export async function findTag(q: Queryable, datasetSeq: number, name: string): Promise<TagRow | undefined> {
  return q.db
    .selectFrom('version_tags')
    .select(TAG_COLUMNS)
    .where('dataset_seq', '=', datasetSeq)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function listTags(q: Queryable, datasetSeq: number, afterName: string | null, limit: number): Promise<TagRow[]> {
  let query = q.db.selectFrom('version_tags').select(TAG_COLUMNS).where('dataset_seq', '=', datasetSeq).orderBy('name').limit(limit);
  if (afterName !== null) query = query.where('name', '>', afterName);
  return query.execute();
}

/** The names of the tags that point at this version now. */
export async function tagNamesAt(q: Queryable, datasetSeq: number, version: number, limit: number): Promise<string[]> {
  const rows = await q.db
    .selectFrom('version_tags')
    .select('name')
    .where('dataset_seq', '=', datasetSeq)
    .where('version', '=', version)
    .orderBy('name')
    .limit(limit)
    .execute();
  return rows.map((r) => r.name);
}

/** Points a tag at a version (creating it), and records the move; returns the tag, and the tag as it was before (if it was). */
export async function setTag(
  tx: Tx,
  datasetSeq: number,
  name: string,
  version: number,
  at: string,
): Promise<{ tag: TagRow; before: TagRow | undefined }> {
  const before = await findTag(tx, datasetSeq, name);
  if (before) {
    await tx.db
      .updateTable('version_tags')
      .set({ version, updated_at: at })
      .where('dataset_seq', '=', datasetSeq)
      .where('name', '=', name)
      .execute();
  } else {
    await tx.db.insertInto('version_tags').values({ dataset_seq: datasetSeq, name, version, created_at: at, updated_at: at }).execute();
  }
  await recordMove(tx, datasetSeq, name, before?.version ?? null, version, at);
  return { tag: { name, version, created_at: before?.created_at ?? at, updated_at: at }, before };
}

/** Removes a tag, keeping its history; false when there was none. */
export async function deleteTag(tx: Tx, datasetSeq: number, name: string, at: string): Promise<boolean> {
  const before = await findTag(tx, datasetSeq, name);
  if (!before) return false;
  await tx.db.deleteFrom('version_tags').where('dataset_seq', '=', datasetSeq).where('name', '=', name).execute();
  await recordMove(tx, datasetSeq, name, before.version, null, at);
  return true;
}

async function recordMove(tx: Tx, datasetSeq: number, name: string, from: number | null, to: number | null, at: string): Promise<void> {
  const last = await tx.db
    .selectFrom('version_tag_moves')
    .select('move')
    .where('dataset_seq', '=', datasetSeq)
    .where('name', '=', name)
    .orderBy('move', 'desc')
    .limit(1)
    .executeTakeFirst();
  await tx.db
    .insertInto('version_tag_moves')
    .values({ dataset_seq: datasetSeq, name, move: (last?.move ?? 0) + 1, from_version: from, to_version: to, moved_at: at })
    .execute();
}

/** A tag's moves, newest first. */
export async function tagMoves(
  q: Queryable,
  datasetSeq: number,
  name: string,
  beforeMove: number | null,
  limit: number,
): Promise<TagMoveRow[]> {
  let query = q.db
    .selectFrom('version_tag_moves')
    .select(['name', 'move', 'from_version', 'to_version', 'moved_at'])
    .where('dataset_seq', '=', datasetSeq)
    .where('name', '=', name)
    .orderBy('move', 'desc')
    .limit(limit);
  if (beforeMove !== null) query = query.where('move', '<', beforeMove);
  return query.execute();
}
