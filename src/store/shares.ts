import type { Share } from '../model/evals.js';
import type { Queryable } from './store.js';

/** Who a share reaches, as stored: a user, a namespace (by id), or everyone. */
export type ShareTarget = { user_id: string } | { namespace_id: string } | { public: true };

export async function insertShare(
  q: Queryable,
  share: { id: string; dataset_id: string; target: ShareTarget; created_at: string },
): Promise<void> {
  const { target } = share;
  await q.db
    .insertInto('dataset_shares')
    .values({
      id: share.id,
      dataset_id: share.dataset_id,
      // One share per dataset and target: the unique index holds it.
      target: 'user_id' in target ? `user:${target.user_id}` : 'namespace_id' in target ? `namespace:${target.namespace_id}` : 'public',
      user_id: 'user_id' in target ? target.user_id : null,
      namespace_id: 'namespace_id' in target ? target.namespace_id : null,
      created_at: share.created_at,
    })
    .execute();
}

/** A dataset's shares (a few per dataset), oldest first, with namespace slugs. */
export async function listShares(q: Queryable, datasetId: string, limit: number): Promise<Share[]> {
  const rows = await q.db
    .selectFrom('dataset_shares as s')
    .leftJoin('namespaces as n', 'n.id', 's.namespace_id')
    .select(['s.id', 's.dataset_id', 's.user_id', 'n.slug as namespace', 's.target', 's.created_at'])
    .where('s.dataset_id', '=', datasetId)
    .orderBy('s.created_at')
    .orderBy('s.id')
    .limit(limit)
    .execute();
  return rows.map(({ target, ...row }) => ({ ...row, public: target === 'public' }));
}

export async function deleteShare(q: Queryable, datasetId: string, id: string): Promise<boolean> {
  const result = await q.db.deleteFrom('dataset_shares').where('dataset_id', '=', datasetId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
