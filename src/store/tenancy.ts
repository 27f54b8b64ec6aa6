import type { ApiKey, KeyGrant, Namespace, Project, Role } from '../model/tenancy.js';
import type { Queryable } from './store.js';

/** A key as stored: the hash of its secret and a prefix to tell it apart, never the secret. */
export interface NewApiKey extends ApiKey {
  project_id: string | null;
  hash: string;
}

export async function insertNamespace(q: Queryable, namespace: Namespace): Promise<void> {
  await q.db.insertInto('namespaces').values(namespace).execute();
}

export function listNamespaces(q: Queryable, afterSlug: string | null, limit: number): Promise<Namespace[]> {
  let query = q.db.selectFrom('namespaces').selectAll().orderBy('slug').limit(limit);
  if (afterSlug !== null) query = query.where('slug', '>', afterSlug);
  return query.execute();
}

export function findNamespace(q: Queryable, by: { slug: string } | { id: string }): Promise<Namespace | undefined> {
  const query = q.db.selectFrom('namespaces').selectAll();
  return ('slug' in by ? query.where('slug', '=', by.slug) : query.where('id', '=', by.id)).executeTakeFirst();
}

export async function insertProject(
  q: Queryable,
  project: { id: string; namespace_id: string; slug: string; name: string; created_at: string },
): Promise<void> {
  await q.db.insertInto('projects').values(project).execute();
}

function projects(q: Queryable) {
  return q.db
    .selectFrom('projects')
    .innerJoin('namespaces', 'namespaces.id', 'projects.namespace_id')
    .select(['projects.id', 'projects.slug', 'projects.name', 'projects.created_at', 'namespaces.slug as namespace']);
}

export function listProjects(q: Queryable, namespaceId: string, afterSlug: string | null, limit: number): Promise<Project[]> {
  let query = projects(q).where('projects.namespace_id', '=', namespaceId).orderBy('projects.slug').limit(limit);
  if (afterSlug !== null) query = query.where('projects.slug', '>', afterSlug);
  return query.execute();
}

export function findProject(q: Queryable, by: { namespace: string; project: string } | { id: string }): Promise<Project | undefined> {
  const query = projects(q);
  return (
    'id' in by
      ? query.where('projects.id', '=', by.id)
      : query.where('namespaces.slug', '=', by.namespace).where('projects.slug', '=', by.project)
  ).executeTakeFirst();
}

export async function insertApiKey(q: Queryable, key: NewApiKey): Promise<void> {
  await q.db
    .insertInto('api_keys')
    .values({ ...key, revoked_at: null })
    .execute();
}

/** The live key whose secret has this hash. */
/** The live key whose secret has this hash, or whose id this is: one probe of a unique index. */
export async function findLiveKey(q: Queryable, by: { hash: string } | { id: string }): Promise<KeyGrant | undefined> {
  const query = q.db.selectFrom('api_keys').select(['id', 'project_id', 'role', 'user_id']).where('revoked_at', 'is', null);
  const row = await ('hash' in by ? query.where('hash', '=', by.hash) : query.where('id', '=', by.id)).executeTakeFirst();
  return row && { ...row, role: row.role as Role };
}

const KEY_COLUMNS = ['id', 'name', 'role', 'prefix', 'user_id', 'created_at'] as const;
const toKey = (row: Omit<ApiKey, 'role'> & { role: string }): ApiKey => ({ ...row, role: row.role as Role });

export async function listLiveKeys(q: Queryable, projectId: string, after: [string, string] | null, limit: number): Promise<ApiKey[]> {
  let query = q.db
    .selectFrom('api_keys')
    .select(KEY_COLUMNS)
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after[0], after[1])));
  return (await query.execute()).map(toKey);
}

/** Marks a live key of the project revoked; false when there was none. */
export async function revokeKey(q: Queryable, projectId: string, keyId: string, at: string): Promise<boolean> {
  const result = await q.db
    .updateTable('api_keys')
    .set({ revoked_at: at })
    .where('id', '=', keyId)
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** The live instance admin keys (they belong to no project), with the hash of each. */
export function liveInstanceKeys(q: Queryable): Promise<{ id: string; hash: string }[]> {
  return q.db.selectFrom('api_keys').select(['id', 'hash']).where('project_id', 'is', null).where('revoked_at', 'is', null).execute();
}

/** Revokes instance admin keys by id. */
export async function revokeInstanceKeys(q: Queryable, ids: string[], at: string): Promise<void> {
  if (ids.length === 0) return;
  await q.db.updateTable('api_keys').set({ revoked_at: at }).where('project_id', 'is', null).where('id', 'in', ids).execute();
}

/** Whether the user belongs to the namespace that holds the project. */
export async function isMemberOfProjectNamespace(q: Queryable, userId: string, projectId: string): Promise<boolean> {
  const row = await q.db
    .selectFrom('namespace_members')
    .innerJoin('projects', 'projects.namespace_id', 'namespace_members.namespace_id')
    .select('namespace_members.user_id')
    .where('projects.id', '=', projectId)
    .where('namespace_members.user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}
