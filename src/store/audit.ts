import type { AuditLogTable } from './schema.js';
import type { Queryable } from './store.js';

export type AuditRow = Omit<AuditLogTable, 'seq' | 'project_id'> & { seq: number };
export type NewAuditRow = Omit<AuditLogTable, 'seq'>;

export async function insertAudit(q: Queryable, row: NewAuditRow): Promise<void> {
  await q.db.insertInto('audit_log').values(row).execute();
}

export interface AuditFilter {
  dataset_id?: string;
  action?: string;
}

/** A project's audit entries, newest first, before `beforeSeq`. */
export async function pageAudit(
  q: Queryable,
  projectId: string,
  filter: AuditFilter,
  beforeSeq: number | null,
  limit: number,
): Promise<AuditRow[]> {
  let query = q.db
    .selectFrom('audit_log')
    .select(['seq', 'at', 'key_id', 'user_id', 'action', 'dataset_id', 'detail'])
    .where('project_id', '=', projectId)
    .orderBy('seq', 'desc')
    .limit(limit);
  if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
  if (filter.dataset_id !== undefined) query = query.where('dataset_id', '=', filter.dataset_id);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  const rows = await query.execute();
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}
