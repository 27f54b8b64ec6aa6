import type { Collection, CollectionMembers } from '../model/collections.js';
import type { Queryable } from './store.js';
import { chunks } from './versions.js';

export interface NewCollection {
  id: string;
  project_id: string;
  dataset_id: string | null;
  name: string;
  created_at: string;
}

function collections(q: Queryable) {
  return q.db
    .selectFrom('collections')
    .select(['id', 'name', 'dataset_id', 'created_at', 'updated_at', 'seq'])
    .select((eb) =>
      eb
        .selectFrom('collection_members')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('collection_members.collection_id', '=', 'collections.id')
        .as('member_count'),
    );
}

const toCollection = ({
  seq: _seq,
  ...row
}: Omit<Collection, 'member_count'> & { seq: number; member_count: number | string | null }): Collection => ({
  ...row,
  member_count: Number(row.member_count),
});

export async function insertCollection(q: Queryable, c: NewCollection): Promise<void> {
  await q.db
    .insertInto('collections')
    .values({ ...c, updated_at: c.created_at })
    .execute();
}

export async function findCollection(q: Queryable, projectId: string, id: string): Promise<Collection | undefined> {
  const row = await collections(q).where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return row && toCollection(row);
}

export interface CollectionFilter {
  dataset_id?: string;
  /** Only collections holding this member. */
  member?: string;
}

/** A page of collections with the keyset position (seq) of each, oldest first. */
export async function listCollections(
  q: Queryable,
  projectId: string,
  filter: CollectionFilter,
  afterSeq: number | null,
  limit: number,
): Promise<{ seq: number; collection: Collection }[]> {
  let query = collections(q).where('project_id', '=', projectId).orderBy('seq').limit(limit);
  if (filter.dataset_id !== undefined) query = query.where('dataset_id', '=', filter.dataset_id);
  if (filter.member !== undefined) {
    const member = filter.member;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('collection_members')
          .select('member')
          .whereRef('collection_members.collection_id', '=', 'collections.id')
          .where('member', '=', member),
      ),
    );
  }
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return (await query.execute()).map((row) => ({ seq: row.seq, collection: toCollection(row) }));
}

export async function updateCollection(
  q: Queryable,
  projectId: string,
  id: string,
  change: { name?: string; dataset_id?: string | null; updated_at: string },
): Promise<boolean> {
  const result = await q.db
    .updateTable('collections')
    .set(change)
    .where('id', '=', id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteCollection(q: Queryable, projectId: string, id: string): Promise<boolean> {
  const result = await q.db.deleteFrom('collections').where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  if (result.numDeletedRows === 0n) return false;
  await q.db.deleteFrom('collection_members').where('collection_id', '=', id).execute();
  return true;
}

/** Adds members, ignoring ones already present; returns how many were new. */
export async function addMembers(q: Queryable, collectionId: string, members: string[], at: string): Promise<number> {
  let added = 0;
  for (const chunk of chunks(members)) {
    const result = await q.db
      .insertInto('collection_members')
      .values(chunk.map((member) => ({ collection_id: collectionId, member, created_at: at })))
      .onConflict((oc) => oc.columns(['collection_id', 'member']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

export async function removeMembers(q: Queryable, collectionId: string, members: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks(members)) {
    const result = await q.db
      .deleteFrom('collection_members')
      .where('collection_id', '=', collectionId)
      .where('member', 'in', chunk)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

export async function listMembers(q: Queryable, collectionId: string, after: string | null, limit: number): Promise<string[]> {
  let query = q.db
    .selectFrom('collection_members')
    .select('member')
    .where('collection_id', '=', collectionId)
    .orderBy('member')
    .limit(limit);
  if (after !== null) query = query.where('member', '>', after);
  return (await query.execute()).map((r) => r.member);
}

export async function touchCollection(q: Queryable, id: string, at: string): Promise<void> {
  await q.db.updateTable('collections').set({ updated_at: at }).where('id', '=', id).execute();
}

/** A dataset's collections with all their members, from one query (one row per member). */
export async function collectionsWithMembers(q: Queryable, projectId: string, datasetId: string): Promise<CollectionMembers[]> {
  const rows = await q.db
    .selectFrom('collections as c')
    .leftJoin('collection_members as m', 'm.collection_id', 'c.id')
    .select(['c.id', 'c.name', 'c.seq', 'm.member'])
    .where('c.project_id', '=', projectId)
    .where('c.dataset_id', '=', datasetId)
    .orderBy('c.seq')
    .orderBy('m.member')
    .execute();
  const grouped = new Map<string, CollectionMembers>();
  for (const row of rows) {
    const entry = grouped.get(row.id) ?? { id: row.id, name: row.name, members: [] };
    if (row.member !== null) entry.members.push(row.member);
    grouped.set(row.id, entry);
  }
  return [...grouped.values()];
}
