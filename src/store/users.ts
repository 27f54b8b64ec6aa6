import type { Queryable } from './store.js';
import type { UserTable } from './schema.js';

export type UserRow = Omit<UserTable, 'seq'> & { seq: number };

export function insertUser(q: Queryable, row: Omit<UserTable, 'seq'>): Promise<UserRow> {
  return q.db.insertInto('users').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findUser(q: Queryable, id: string): Promise<UserRow | undefined> {
  return q.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(q: Queryable, afterSeq: number | null, limit: number): Promise<UserRow[]> {
  let query = q.db.selectFrom('users').selectAll().orderBy('seq').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.execute();
}

export function usersByIds(q: Queryable, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return q.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** Adds or changes a user's role in a namespace. */
export async function upsertMember(q: Queryable, row: { namespace_id: string; user_id: string; role: string; created_at: string }): Promise<void> {
  await q.db
    .insertInto('namespace_members')
    .values(row)
    .onConflict((oc) => oc.columns(['namespace_id', 'user_id']).doUpdateSet({ role: row.role }))
    .execute();
}
