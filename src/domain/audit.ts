import type { Queryable, Store } from '../store/store.js';
import * as store from '../store/audit.js';
import type { AuditAction, AuditEntry } from '../model/audit.js';
import { assertRole, projectOf, type Caller } from './caller.js';
import type { Page } from './cursor.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { Stamp } from './stamp.js';
import type { WebhookEvent } from '../model/webhooks.js';
import { notify } from './notify.js';

/** What one change was: its action, the dataset it touched, and what it changed (never a secret). */
export interface AuditEvent {
  action: AuditAction;
  dataset_id?: string | null;
  detail?: Record<string, unknown>;
}

/** The webhook event an audited change is, when it is one. */
const NOTIFIED: Partial<Record<AuditAction, WebhookEvent>> = {
  'dataset.create': 'dataset.created',
  'dataset.update': 'dataset.updated',
  'dataset.schemas': 'dataset.updated',
  'dataset.delete': 'dataset.deleted',
  'dataset.undelete': 'dataset.restored',
  'dataset.restore': 'dataset.restored',
  'tag.set': 'tag.moved',
  'tag.delete': 'tag.moved',
};

/**
 * Writes an audit entry, and reports the change to the project's webhooks when it is one
 * they can subscribe to; given the change's transaction, all of it commits together.
 */
export async function audit(q: Queryable, projectId: string, stamp: Stamp, event: AuditEvent): Promise<void> {
  const type = NOTIFIED[event.action];
  if (type) await notify(q, projectId, stamp.at, type, { action: event.action, dataset_id: event.dataset_id ?? null, ...event.detail });
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
    const after = cursorKey<[number]>('audit', query.cursor, ['integer']);
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
