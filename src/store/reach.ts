import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from './schema.js';

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
  let share = eb.selectFrom('dataset_shares as s').select('s.id').whereRef('s.dataset_id', '=', 'datasets.id');
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
