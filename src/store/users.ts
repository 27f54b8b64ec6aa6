import type { MemberRole, User } from '../model/evals.js';
import type { Queryable } from './store.js';

export async function insertUser(q: Queryable, user: Omit<User, 'seq'>): Promise<User> {
  return q.db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export function findUser(q: Queryable, id: string): Promise<User | undefined> {
  return q.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(q: Queryable, afterSeq: number | null, limit: number): Promise<User[]> {
  let query = q.db.selectFrom('users').selectAll().orderBy('seq').limit(limit);
  if (afterSeq !== null) query = query.where('seq', '>', afterSeq);
  return query.execute();
}

export async function usersByIds(q: Queryable, ids: string[]): Promise<User[]> {
  if (ids.length === 0) return [];
  return q.db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

/** Adds or changes a user's role in a namespace. */
export async function upsertMember(
  q: Queryable,
  member: { namespace_id: string; user_id: string; role: MemberRole; created_at: string },
): Promise<void> {
  await q.db
    .insertInto('namespace_members')
    .values(member)
    .onConflict((oc) => oc.columns(['namespace_id', 'user_id']).doUpdateSet({ role: member.role }))
    .execute();
}
