import type { Queryable, Store } from '../store/store.js';
import * as store from '../store/audit.js';
import type { AuditAction, AuditEntry } from '../model/audit.js';
import { assertRole, projectOf, type Caller } from './caller.js';
import type { Page } from './cursor.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { Stamp } from './stamp.js';

/** What one change was: its action, the dataset it touched, and what it changed (never a secret). */
export interface AuditEvent {
  action: AuditAction;
  dataset_id?: string | null;
  detail?: Record<string, unknown>;
}

/** Writes an audit entry; given the change's transaction, the two commit together. */
export async function audit(q: Queryable, projectId: string, stamp: Stamp, event: AuditEvent): Promise<void> {
  await store.insertAudit(q, {
    project_id: projectId,
    at: stamp.at,
    key_id: stamp.key_id,
    user_id: stamp.user_id,
    action: event.action,
    dataset_id: event.dataset_id ?? null,
    detail: JSON.stringify(event.detail ?? {}),
  });
}

export interface AuditQuery extends PageRequest, store.AuditFilter {}

/** A project's audit log, for its admin keys. */
export class AuditService {
  constructor(private readonly store: Store) {}

  async page(caller: Caller, query: AuditQuery): Promise<Page<AuditEntry>> {
    assertRole(caller, 'admin');
    const after = cursorKey<[number]>('audit', query.cursor, ['number']);
    const filter = { dataset_id: query.dataset_id, action: query.action };
    const rows = await store.pageAudit(this.store, projectOf(caller), filter, after?.[0] ?? null, query.limit + 1);
    return pageOf(
      rows,
      query.limit,
      'audit',
      (r) => [r.seq],
      (r) => ({ ...r, action: r.action as AuditAction, detail: JSON.parse(r.detail) as Record<string, unknown> }),
    );
  }
}
