import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Dataset } from '../model/datasets.js';
import { indexing, toDataset } from './datasets.js';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';
import { accessible, type Viewer } from './reach.js';
import { compiledOnce } from './compiled-once.js';

export type { Viewer } from './reach.js';

/** Datasets the viewer owns: their user's, or, for a key acting as no user, its project's unowned ones. */
export function owned(eb: ExpressionBuilder<Database, 'datasets'>, viewer: Viewer): Expression<SqlBool> {
  return viewer.userId !== null
    ? eb('datasets.owner_user_id', '=', viewer.userId)
    : eb.and([eb('datasets.project_id', '=', viewer.projectId), eb('datasets.owner_user_id', 'is', null)]);
}

export const notExpr = (e: Expression<SqlBool>) => sql<boolean>`not (${e})`;

export interface AccessQuery {
  /** Only datasets of these types (native type names). */
  types?: string[];
  /** Leave out datasets whose type is marked proprietary. */
  nonProprietary?: boolean;
  /** true: accessible but not owned; false: owned; undefined: all accessible. */
  shared?: boolean;
}

function accessibleDatasets(q: Queryable, viewer: Viewer, query: AccessQuery) {
  let base = q.db.selectFrom('datasets').where((eb) => accessible(eb, viewer));
  if (query.types !== undefined) base = base.where('datasets.type', 'in', query.types);
  if (query.nonProprietary) {
    base = base.where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('dataset_types')
            .select('seq')
            .where('proprietary', '=', 1)
            .where(sql`lower(dataset_types.name)`, '=', eb.ref('datasets.type')),
        ),
      ),
    );
  }
  if (query.shared === false) base = base.where((eb) => owned(eb, viewer));
  if (query.shared === true) base = base.where((eb) => notExpr(owned(eb, viewer)));
  return base;
}

/** A page (by offset, newest first) of what the viewer can see, with the total from a window count (null past the end). */
export async function pageAccessible(
  q: Queryable,
  viewer: Viewer,
  query: AccessQuery,
  offset: number,
  limit: number,
): Promise<{ total: number | null; items: Dataset[] }> {
  const rows = await accessibleDatasets(q, viewer, query)
    .selectAll('datasets')
    .select(indexing(q))
    .select((eb) => eb.fn.countAll<number>().over().as('total'))
    .orderBy('datasets.created_at', 'desc')
    .orderBy('datasets.seq', 'desc')
    .offset(offset)
    .limit(limit)
    .execute();
  return { total: rows.length ? Number(rows[0].total) : null, items: rows.map(toDataset) };
}

export async function countAccessible(q: Queryable, viewer: Viewer, query: AccessQuery): Promise<number> {
  const row = await accessibleDatasets(q, viewer, query)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findAccessibleBySeq(
  q: Queryable,
  viewer: Viewer,
  seq: number,
): Promise<(Dataset & { project_id: string }) | undefined> {
  const row = await accessibleDatasets(q, viewer, {})
    .selectAll('datasets')
    .select(indexing(q))
    .where('datasets.seq', '=', seq)
    .executeTakeFirst();
  return row && { ...toDataset(row), project_id: row.project_id };
}

/**
 * Every column of a dataset row, named rather than `*`: PostgreSQL keeps the statements
 * below prepared, and a prepared `*` fails ("cached plan must not change result type")
 * once another instance's migration adds a column. toDataset's type checks the list is whole.
 */
const ROW = [
  'datasets.seq',
  'datasets.id',
  'datasets.project_id',
  'datasets.name',
  'datasets.description',
  'datasets.type',
  'datasets.tags',
  'datasets.metadata',
  'datasets.head_version',
  'datasets.datapoint_count',
  'datasets.created_at',
  'datasets.updated_at',
  'datasets.deleted_at',
  'datasets.path',
  'datasets.repo_name',
  'datasets.container_id',
  'datasets.filters',
  'datasets.requested_size',
  'datasets.cut_size',
  'datasets.owner_user_id',
  'datasets.selected_metrics',
  'datasets.structure',
  'datasets.column_mappings',
  'datasets.item_schemas',
  'datasets.staged_version',
  'datasets.staged_by',
  'datasets.staged_at',
] as const;

/** A dataset by id, as a key acting as no user, or as a user, may see it: read on every GET of one, so compiled once. */
const byIdAsProject = compiledOnce(['projectId', 'id'], (q, slot) =>
  accessibleDatasets(q, { projectId: slot.projectId, userId: null }, {}).select(ROW).select(indexing(q)).where('datasets.id', '=', slot.id),
);
const byIdAsUser = compiledOnce(['projectId', 'userId', 'id'], (q, slot) =>
  accessibleDatasets(q, { projectId: slot.projectId, userId: slot.userId }, {})
    .select(ROW)
    .select(indexing(q))
    .where('datasets.id', '=', slot.id),
);

/** A dataset the viewer can see, with the project it belongs to (the viewer's, or the one that shared it). */
export async function findAccessibleById(
  q: Queryable,
  viewer: Viewer,
  id: string,
): Promise<(Dataset & { project_id: string }) | undefined> {
  const [row] =
    viewer.userId === null
      ? await byIdAsProject(q, { projectId: viewer.projectId, id })
      : await byIdAsUser(q, { projectId: viewer.projectId, userId: viewer.userId, id });
  return row && { ...toDataset(row), project_id: row.project_id };
}
