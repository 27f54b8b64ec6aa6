import { sql, type Selectable } from 'kysely';
import type { WebhookDeliveryTable, WebhookTable } from './schema.js';
import type { Queryable, Store } from './store.js';

export type WebhookRow = Selectable<WebhookTable>;
export type DeliveryRow = Selectable<WebhookDeliveryTable>;

export async function insertWebhook(q: Queryable, row: WebhookRow): Promise<void> {
  await q.db.insertInto('webhooks').values(row).execute();
}

export async function findWebhook(q: Queryable, projectId: string, id: string): Promise<WebhookRow | undefined> {
  return q.db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId).where('id', '=', id).executeTakeFirst();
}

export async function countWebhooks(q: Queryable, projectId: string): Promise<number> {
  const row = await q.db
    .selectFrom('webhooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A project's webhooks, oldest first, after the (created_at, id) key. */
export async function listWebhooks(q: Queryable, projectId: string, after: [string, string] | null, limit: number): Promise<WebhookRow[]> {
  let query = q.db.selectFrom('webhooks').selectAll().where('project_id', '=', projectId);
  if (after) query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '>', eb.tuple(after[0], after[1])));
  return query.orderBy('created_at').orderBy('id').limit(limit).execute();
}

export async function updateWebhook(
  q: Queryable,
  projectId: string,
  id: string,
  change: Partial<Pick<WebhookRow, 'url' | 'events' | 'enabled'>> & { updated_at: string },
): Promise<WebhookRow | undefined> {
  return q.db
    .updateTable('webhooks')
    .set(change)
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Removes a webhook and its delivery log (pending deliveries with it); the webhook as it was, if there was one. */
export async function deleteWebhook(q: Queryable, projectId: string, id: string): Promise<WebhookRow | undefined> {
  const gone = await q.db.deleteFrom('webhooks').where('project_id', '=', projectId).where('id', '=', id).returningAll().executeTakeFirst();
  if (gone) await q.db.deleteFrom('webhook_deliveries').where('webhook_id', '=', id).execute();
  return gone;
}

export interface Enqueued {
  messageId: string;
  event: string;
  payload: string;
  at: string;
  expiresAt: string;
}

/**
 * Puts one delivery per enabled webhook of the project subscribed to the event into the
 * outbox, in one statement: called inside the transaction of the change it reports.
 */
export async function enqueueForSubscribers(q: Queryable, projectId: string, message: Enqueued): Promise<void> {
  await q.db
    .insertInto('webhook_deliveries')
    .columns(['message_id', 'webhook_id', 'event', 'payload', 'status', 'attempts', 'next_attempt_at', 'expires_at', 'created_at'])
    .expression((eb) =>
      eb
        .selectFrom('webhooks')
        .select((s) => [
          s.val(message.messageId).as('message_id'),
          'webhooks.id',
          s.val(message.event).as('event'),
          s.val(message.payload).as('payload'),
          s.val('pending').as('status'),
          s.val(0).as('attempts'),
          s.val(message.at).as('next_attempt_at'),
          s.val(message.expiresAt).as('expires_at'),
          s.val(message.at).as('created_at'),
        ])
        .where('project_id', '=', projectId)
        .where('enabled', '=', 1)
        .where(q.dialect.jsonArrayContains('webhooks.events', message.event)),
    )
    .execute();
}

/** One delivery to one webhook regardless of its subscriptions (a test ping). */
export async function enqueueFor(q: Queryable, webhookId: string, message: Enqueued): Promise<DeliveryRow> {
  return q.db
    .insertInto('webhook_deliveries')
    .values({
      message_id: message.messageId,
      webhook_id: webhookId,
      event: message.event,
      payload: message.payload,
      status: 'pending',
      attempts: 0,
      next_attempt_at: message.at,
      expires_at: message.expiresAt,
      created_at: message.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Claims up to `limit` due deliveries for `leaseUntil`: no other instance takes them until
 * then. On PostgreSQL rows locked by another instance's claim are skipped, not waited for.
 */
export async function claimDue(
  store: Store,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<(DeliveryRow & Pick<WebhookRow, 'url' | 'secret_sealed'>)[]> {
  return store.transaction(async (tx) => {
    const due = tx.dialect.claimed(
      tx.db
        .selectFrom('webhook_deliveries')
        .select('seq')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(limit),
    );
    const seqs = (await due.execute()).map((r) => r.seq);
    if (seqs.length === 0) return [];
    await tx.db.updateTable('webhook_deliveries').set({ lease_until: leaseUntil }).where('seq', 'in', seqs).execute();
    return tx.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
      .selectAll('d')
      .select(['w.url', 'w.secret_sealed'])
      .where('d.seq', 'in', seqs)
      .orderBy('d.seq')
      .execute();
  });
}

/** What an attempt came to: delivered, to be retried at `retryAt`, or given up (retryAt null). */
export interface AttemptResult {
  delivered: boolean;
  responseStatus: number | null;
  error: string | null;
  at: string;
  retryAt: string | null;
}

export async function recordAttempt(q: Queryable, seq: number, result: AttemptResult): Promise<void> {
  await q.db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      status: result.delivered ? 'delivered' : result.retryAt ? 'pending' : 'failed',
      response_status: result.responseStatus,
      last_error: result.error,
      delivered_at: result.delivered ? result.at : null,
      next_attempt_at: result.retryAt ?? result.at,
      lease_until: null,
    }))
    .where('seq', '=', seq)
    .execute();
}

/** A webhook's deliveries, newest first. */
export async function listDeliveries(q: Queryable, webhookId: string, beforeSeq: number | null, limit: number): Promise<DeliveryRow[]> {
  let query = q.db.selectFrom('webhook_deliveries').selectAll().where('webhook_id', '=', webhookId);
  if (beforeSeq !== null) query = query.where('seq', '<', beforeSeq);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}

/** Sends a delivery again as soon as possible, with a fresh retry window; the message id stays. */
export async function redeliver(
  q: Queryable,
  webhookId: string,
  seq: number,
  at: string,
  expiresAt: string,
): Promise<DeliveryRow | undefined> {
  return q.db
    .updateTable('webhook_deliveries')
    .set({ status: 'pending', next_attempt_at: at, expires_at: expiresAt, lease_until: null })
    .where('webhook_id', '=', webhookId)
    .where('seq', '=', seq)
    .where(sql<boolean>`status <> 'pending'`)
    .returningAll()
    .executeTakeFirst();
}
