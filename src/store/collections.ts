import type { Queryable } from './store.js';
import type { CollectionTable } from './schema.js';

export type CollectionRow = Omit<CollectionTable, 'seq'> & { seq: number; member_count: number };

function collections(q: Queryable) {
  return q.db
    .selectFrom('collections')
    .selectAll('collections')
    .select((eb) =>
      eb
        .selectFrom('collection_members')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('collection_members.collection_id', '=', 'collections.id')
        .as('member_count'),
    );
}

export async function insertCollection(q: Queryable, row: Omit<CollectionTable, 'seq'>): Promise<void> {
  await q.db.insertInto('collections').values(row).execute();
}

export async function findCollection(q: Queryable, projectId: string, id: string): Promise<CollectionRow | undefined> {
  const row = await collections(q).where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  return row && { ...row, member_count: Number(row.member_count) };
}

export interface CollectionFilter {
  dataset_id?: string;
  /** Only collections holding this member. */
  member?: string;
}

export async function listCollections(
  q: Queryable,
  projectId: string,
  filter: CollectionFilter,
  afterSeq: number | null,
  limit: number,
): Promise<CollectionRow[]> {
  let query = collections(q).where('project_id', '=', projectId).orderBy('seq').limit(limit);
  if (filter.dataset_id !== undefined) query = query.where('dataset_id', '=', filter.dataset_id);
  if (filter.member !== undefined) {
    const member = filter.member;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('collection_members').select('member').whereRef('collection_members.collection_id', '=', 'collections.id').where('member', '=', member),
      ),
    );
  }
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, member_count: Number(r.member_count) }));
}

export async function updateCollection(
  q: Queryable,
  projectId: string,
  id: string,
  patch: Partial<Pick<CollectionTable, 'name' | 'dataset_id'>> & { updated_at: string },
): Promise<boolean> {
  const result = await q.db
    .updateTable('collections')
    .set(patch)
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
  for (let i = 0; i < members.length; i += 500) {
    const rows = members.slice(i, i + 500).map((member) => ({ collection_id: collectionId, member, created_at: at }));
    const result = await q.db
      .insertInto('collection_members')
      .values(rows)
      .onConflict((oc) => oc.columns(['collection_id', 'member']).doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

export async function removeMembers(q: Queryable, collectionId: string, members: string[]): Promise<number> {
  let removed = 0;
  for (let i = 0; i < members.length; i += 500) {
    const result = await q.db
      .deleteFrom('collection_members')
      .where('collection_id', '=', collectionId)
      .where('member', 'in', members.slice(i, i + 500))
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

/** A dataset's collections with all their members, in one query (one row per member). */
export function collectionsWithMembers(q: Queryable, projectId: string, datasetId: string) {
  return q.db
    .selectFrom('collections as c')
    .leftJoin('collection_members as m', 'm.collection_id', 'c.id')
    .select(['c.id', 'c.name', 'c.seq', 'm.member'])
    .where('c.project_id', '=', projectId)
    .where('c.dataset_id', '=', datasetId)
    .orderBy('c.seq')
    .orderBy('m.member')
    .execute();
}
