import { sql } from 'kysely';
import type { Queryable } from './store.js';

/**
 * Forgets the attachments of each project that no datapoint or file of a live or
 * restorable dataset of that project names, once neither uploaded nor named by a commit since
 * `idleBefore`. One statement, so instances collecting at once cannot disagree.
 */
export async function deleteUnreferencedAttachments(q: Queryable, idleBefore: string, deletedSince: string): Promise<number> {
  const result = await q.db
    .deleteFrom('attachments')
    .where((eb) => eb(eb.fn.coalesce('used_at', 'created_at'), '<', idleBefore))
    .where((eb) => {
      const kept = eb
        .selectFrom('datasets as s')
        .select('s.seq')
        .whereRef('s.project_id', '=', 'attachments.project_id')
        .where((w) => w.or([w('s.deleted_at', 'is', null), w('s.deleted_at', '>=', deletedSince)]));
      const inDatapoints = eb
        .selectFrom('datapoints as d')
        .select(sql`1`.as('one'))
        .where('d.dataset_seq', 'in', kept)
        .where(sql<boolean>`d.attachments like '%' || attachments.sha256 || '%'`);
      const inTrees = eb
        .selectFrom('dataset_files as f')
        .select(sql`1`.as('one'))
        .where('f.dataset_seq', 'in', kept)
        .whereRef('f.sha256', '=', 'attachments.sha256');
      return eb.and([eb.not(eb.exists(inDatapoints)), eb.not(eb.exists(inTrees))]);
    })
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Of these blobs, those some project still holds an attachment for, or that a kept Hub render is. */
export async function heldAnywhere(q: Queryable, sha256s: string[]): Promise<Set<string>> {
  if (sha256s.length === 0) return new Set();
  const [recorded, rendered] = await Promise.all([
    q.db
      .selectFrom('attachments')
      .select('sha256')
      .distinct()
      .where((eb) => q.dialect.oneOf(eb.ref('sha256'), sha256s))
      .execute(),
    q.db
      .selectFrom('hub_renders')
      .select('sha256')
      .distinct()
      .where((eb) => q.dialect.oneOf(eb.ref('sha256'), sha256s))
      .execute(),
  ]);
  return new Set([...recorded, ...rendered].map((r) => r.sha256));
}

/** Forgets multipart uploads started before `before`; returns their ids, whose parts are to go too. */
export async function deleteStaleUploads(q: Queryable, before: string): Promise<string[]> {
  const rows = await q.db.deleteFrom('attachment_uploads').where('created_at', '<', before).returning('id').execute();
  return rows.map((r) => r.id);
}
