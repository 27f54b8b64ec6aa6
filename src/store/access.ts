import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Dataset } from '../model/datasets.js';
import { indexing, toDataset } from './datasets.js';
import type { Database } from './schema.js';
import type { Queryable } from './store.js';
import { accessible, type Viewer } from './reach.js';

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

export async function findAccessibleById(q: Queryable, viewer: Viewer, id: string): Promise<Dataset | undefined> {
  const row = await accessibleDatasets(q, viewer, {})
    .selectAll('datasets')
    .select(indexing(q))
    .where('datasets.id', '=', id)
    .executeTakeFirst();
  return row && toDataset(row);
}
