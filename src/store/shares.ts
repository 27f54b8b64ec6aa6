import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Queryable } from './store.js';
import type { Database, DatasetShareTable } from './schema.js';

export type ShareRow = DatasetShareTable;

export async function insertShare(q: Queryable, row: ShareRow): Promise<void> {
  await q.db.insertInto('dataset_shares').values(row).execute();
}

export function listShares(q: Queryable, datasetId: string): Promise<ShareRow[]> {
  return q.db.selectFrom('dataset_shares').selectAll().where('dataset_id', '=', datasetId).orderBy('created_at').orderBy('id').limit(1000).execute();
}

export async function deleteShare(q: Queryable, datasetId: string, id: string): Promise<boolean> {
  const result = await q.db.deleteFrom('dataset_shares').where('dataset_id', '=', datasetId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Who is asking: the key's project, and the user it acts as. */
export interface Viewer {
  projectId: string;
  userId: string | null;
}

/**
 * Datasets the viewer may see: their project's own, and those shared with them — with
 * their user, with a namespace their user belongs to or their project is in, or publicly.
 */
export function accessible(eb: ExpressionBuilder<Database, 'datasets'>, viewer: Viewer): Expression<SqlBool> {
  const projectNamespace = eb.selectFrom('projects').select('namespace_id').where('projects.id', '=', viewer.projectId);
  let share = eb
    .selectFrom('dataset_shares as s')
    .select('s.id')
    .whereRef('s.dataset_id', '=', 'datasets.id');
  share = share.where((s) => {
    const targets = [s('s.target', '=', 'public'), s('s.namespace_id', 'in', projectNamespace)];
    if (viewer.userId !== null) {
      const memberOf = s.selectFrom('namespace_members').select('namespace_id').where('user_id', '=', viewer.userId);
      targets.push(s('s.user_id', '=', viewer.userId), s('s.namespace_id', 'in', memberOf));
    }
    return s.or(targets);
  });
  return eb.and([eb('datasets.deleted_at', 'is', null), eb.or([eb('datasets.project_id', '=', viewer.projectId), eb.exists(share)])]);
}

/** Datasets the viewer owns: their user's, or, for a key acting as no user, its project's unowned ones. */
export function owned(eb: ExpressionBuilder<Database, 'datasets'>, viewer: Viewer): Expression<SqlBool> {
  return viewer.userId !== null
    ? eb('datasets.owner_user_id', '=', viewer.userId)
    : eb.and([eb('datasets.project_id', '=', viewer.projectId), eb('datasets.owner_user_id', 'is', null)]);
}

export const notExpr = (e: Expression<SqlBool>) => sql<boolean>`not (${e})`;
