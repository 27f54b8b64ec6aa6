import { sql, type Expression, type SqlBool } from 'kysely';
import type { Review, ReviewFilter, ReviewStateName } from '../model/review-states.js';
import { visibleAt } from './datapoint-rows.js';
import type { Queryable } from './store.js';

export interface NewReview {
  dataset_seq: number;
  datapoint_seq: number;
  datapoint_id: string;
  version: number;
  content_version: number;
  state: ReviewStateName;
  comment: string | null;
  key_id: string;
  user_id: string | null;
  created_at: string;
}

/** A review as stored, with who made it by name (the key's, and its user's name or email). */
export type ReviewRecord = Review & { seq: number };

export async function insertReview(q: Queryable, review: NewReview): Promise<number> {
  const row = await q.db.insertInto('review_states').values(review).returning('seq').executeTakeFirstOrThrow();
  return Number(row.seq);
}

function reviews(q: Queryable, datasetSeq: number) {
  return q.db
    .selectFrom('review_states as r')
    .leftJoin('api_keys as k', 'k.id', 'r.key_id')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .select([
      'r.seq',
      'r.datapoint_id',
      'r.state',
      'r.comment',
      'r.version',
      'r.content_version',
      'r.key_id',
      'k.name as key_name',
      'r.user_id',
      (eb) => eb.fn.coalesce('u.name', 'u.email').as('user_name'),
      'r.created_at',
    ])
    .where('r.dataset_seq', '=', datasetSeq);
}

const toRecord = (row: Record<string, unknown>): ReviewRecord =>
  ({
    ...row,
    seq: Number(row.seq),
    version: Number(row.version),
    content_version: Number(row.content_version),
    key_name: row.key_name ?? null,
    user_name: row.user_name ?? null,
  }) as ReviewRecord;

/** No later review of the same content: the one that holds. */
const isCurrent = sql<boolean>`not exists (select 1 from review_states n where n.dataset_seq = r.dataset_seq
  and n.datapoint_seq = r.datapoint_seq and n.content_version = r.content_version and n.seq > r.seq)`;

/** The review that holds on each of these datapoints as they are in `version` (those reviewed). */
export async function currentReviews(q: Queryable, datasetSeq: number, version: number, ids: string[]): Promise<ReviewRecord[]> {
  if (ids.length === 0) return [];
  const rows = await reviews(q, datasetSeq)
    .innerJoin('datapoints as d', (j) =>
      j.onRef('d.dataset_seq', '=', 'r.dataset_seq').onRef('d.seq', '=', 'r.datapoint_seq').onRef('d.valid_from', '=', 'r.content_version'),
    )
    .where('d.id', 'in', ids)
    .where(visibleAt(version, 'd'))
    .where(isCurrent)
    .execute();
  return rows.map(toRecord);
}

/** Every review of a datapoint, whatever its content, newest first; a page after `beforeSeq`. */
export async function reviewHistory(
  q: Queryable,
  datasetSeq: number,
  datapointId: string,
  beforeSeq: number | null,
  limit: number,
): Promise<ReviewRecord[]> {
  let query = reviews(q, datasetSeq).where('r.datapoint_id', '=', datapointId);
  if (beforeSeq !== null) query = query.where('r.seq', '<', beforeSeq);
  return (await query.orderBy('r.seq', 'desc').limit(limit).execute()).map(toRecord);
}

/**
 * The listing predicate (over a `datapoints` row) for a review filter: the review holding on
 * the row's content has this state, or for `unreviewed` none was made on it.
 */
export function reviewPredicate(filter: ReviewFilter): Expression<SqlBool> {
  const onContent = sql`r.dataset_seq = datapoints.dataset_seq and r.datapoint_seq = datapoints.seq and r.content_version = datapoints.valid_from`;
  if (filter === 'unreviewed') return sql<boolean>`not exists (select 1 from review_states r where ${onContent})`;
  return sql<boolean>`exists (select 1 from review_states r where ${onContent} and r.state = ${filter} and ${isCurrent})`;
}
