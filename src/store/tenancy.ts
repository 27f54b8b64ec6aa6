import type { Queryable } from './store.js';
import type { ApiKeyTable, NamespaceTable, ProjectTable } from './schema.js';

export type NamespaceRow = NamespaceTable;
export type ProjectRow = ProjectTable & { namespace_slug: string };
export type ApiKeyRow = ApiKeyTable;

export async function insertNamespace(q: Queryable, row: NamespaceRow): Promise<void> {
  await q.db.insertInto('namespaces').values(row).execute();
}

export function listNamespaces(q: Queryable, afterSlug: string | null, limit: number): Promise<NamespaceRow[]> {
  let query = q.db.selectFrom('namespaces').selectAll().orderBy('slug').limit(limit);
  if (afterSlug !== null) query = query.where('slug', '>', afterSlug);
  return query.execute();
}

export function findNamespaceBySlug(q: Queryable, slug: string): Promise<NamespaceRow | undefined> {
  return q.db.selectFrom('namespaces').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function insertProject(q: Queryable, row: ProjectTable): Promise<void> {
  await q.db.insertInto('projects').values(row).execute();
}

function projects(q: Queryable) {
  return q.db
    .selectFrom('projects')
    .innerJoin('namespaces', 'namespaces.id', 'projects.namespace_id')
    .selectAll('projects')
    .select('namespaces.slug as namespace_slug');
}

export function listProjects(q: Queryable, namespaceId: string, afterSlug: string | null, limit: number): Promise<ProjectRow[]> {
  let query = projects(q).where('projects.namespace_id', '=', namespaceId).orderBy('projects.slug').limit(limit);
  if (afterSlug !== null) query = query.where('projects.slug', '>', afterSlug);
  return query.execute();
}

export function findProject(q: Queryable, namespaceSlug: string, projectSlug: string): Promise<ProjectRow | undefined> {
  return projects(q)
    .where('namespaces.slug', '=', namespaceSlug)
    .where('projects.slug', '=', projectSlug)
    .executeTakeFirst();
}

export function findProjectById(q: Queryable, id: string): Promise<ProjectRow | undefined> {
  return projects(q).where('projects.id', '=', id).executeTakeFirst();
}

export async function insertApiKey(q: Queryable, row: ApiKeyRow): Promise<void> {
  await q.db.insertInto('api_keys').values(row).execute();
}

export function findLiveKeyByHash(q: Queryable, hash: string): Promise<ApiKeyRow | undefined> {
  return q.db
    .selectFrom('api_keys')
    .selectAll()
    .where('hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export function listLiveKeys(q: Queryable, projectId: string, after: [string, string] | null, limit: number): Promise<ApiKeyRow[]> {
  let query = q.db
    .selectFrom('api_keys')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after[0], after[1])));
  return query.execute();
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

export async function hasInstanceAdminKey(q: Queryable): Promise<boolean> {
  const row = await q.db
    .selectFrom('api_keys')
    .select('id')
    .where('project_id', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
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

export function findNamespaceById(q: Queryable, id: string): Promise<NamespaceRow | undefined> {
  return q.db.selectFrom('namespaces').selectAll().where('id', '=', id).executeTakeFirst();
}
