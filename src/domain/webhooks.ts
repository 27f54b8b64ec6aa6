import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store.js';
import * as store from '../store/webhooks.js';
import type { AuditAction } from '../model/audit.js';
import { LIMITS } from '../model/limits.js';
import { PING_EVENT, type Webhook, type WebhookCreate, type WebhookDelivery, type WebhookUpdate } from '../model/webhooks.js';
import { assertRole, projectOf, type Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import { audit, type AuditEvent } from './audit.js';
import { stampOf } from './stamp.js';
import type { Page } from './cursor.js';
import { conflict, invalid, notFound } from './errors.js';
import { eventBody, retryDeadline } from './notify.js';
import { cursorKey, pageOf, type PageRequest } from './pages.js';
import type { SecretBox } from './sealed-secrets.js';
import { newWebhookSecret } from './webhook-signature.js';

/** Where deliveries may go: refuses (with the reason) a URL whose host is a private address, unless allowed. */
export type TargetCheck = (url: string) => Promise<string | null>;

const toWebhook = (row: store.WebhookRow): Webhook => ({
  id: row.id,
  url: row.url,
  events: JSON.parse(row.events) as string[],
  enabled: row.enabled === 1,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const toDelivery = (row: store.DeliveryRow): WebhookDelivery => ({
  id: row.seq,
  message_id: row.message_id,
  event: row.event,
  status: row.status,
  attempts: row.attempts,
  response_status: row.response_status,
  last_error: row.last_error,
  next_attempt_at: row.status === 'pending' ? row.next_attempt_at : null,
  created_at: row.created_at,
  delivered_at: row.delivered_at,
});

/** An audit entry for a webhook: its id and what was set (the signing secret never is). */
const webhookEvent = (
  action: AuditAction,
  webhookId: string,
  fields: Partial<Pick<Webhook, 'url' | 'events' | 'enabled'>>,
): AuditEvent => ({
  action,
  detail: { webhook_id: webhookId, ...fields },
});

/** A project's webhooks (admin keys): subscriptions, a test ping, the delivery log and redelivery. */
export class WebhookService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly checkTarget: TargetCheck,
  ) {}

  async create(caller: Caller, input: WebhookCreate): Promise<Webhook & { secret: string }> {
    assertRole(caller, 'admin');
    const projectId = projectOf(caller);
    await this.refuseTarget(input.url);
    if ((await store.countWebhooks(this.store, projectId)) >= LIMITS.webhooksPerProject) {
      throw conflict(`a project has at most ${LIMITS.webhooksPerProject} webhooks`);
    }
    const secret = input.secret ?? newWebhookSecret();
    const stamp = stampOf(caller, this.clock);
    const row: store.WebhookRow = {
      id: randomUUID(),
      project_id: projectId,
      url: input.url,
      events: JSON.stringify(input.events),
      secret_sealed: this.box.seal(secret),
      enabled: 1,
      created_at: stamp.at,
      updated_at: stamp.at,
    };
    await this.store.transaction(async (tx) => {
      await store.insertWebhook(tx, row);
      await audit(tx, projectId, stamp, webhookEvent('webhook.create', row.id, { url: input.url, events: input.events, enabled: true }));
    });
    return { ...toWebhook(row), secret };
  }

  private async refuseTarget(url: string): Promise<void> {
    const reason = await this.checkTarget(url);
    if (reason) throw invalid(`url ${reason}`, [{ field: 'body/url', message: reason }]);
  }

  private async found(caller: Caller, id: string): Promise<store.WebhookRow> {
    assertRole(caller, 'admin');
    const row = await store.findWebhook(this.store, projectOf(caller), id);
    if (!row) throw notFound('webhook');
    return row;
  }

  async get(caller: Caller, id: string): Promise<Webhook> {
    return toWebhook(await this.found(caller, id));
  }

  async list(caller: Caller, page: PageRequest): Promise<Page<Webhook>> {
    assertRole(caller, 'admin');
    const after = cursorKey<[string, string]>('hook', page.cursor, ['string', 'string']);
    const rows = await store.listWebhooks(this.store, projectOf(caller), after, page.limit + 1);
    return pageOf(rows, page.limit, 'hook', (r) => [r.created_at, r.id], toWebhook);
  }

  async update(caller: Caller, id: string, patch: WebhookUpdate): Promise<Webhook> {
    await this.found(caller, id);
    if (patch.url !== undefined) await this.refuseTarget(patch.url);
    const stamp = stampOf(caller, this.clock);
    const row = await this.store.transaction(async (tx) => {
      const changed = await store.updateWebhook(tx, projectOf(caller), id, {
        ...(patch.url !== undefined && { url: patch.url }),
        ...(patch.events !== undefined && { events: JSON.stringify(patch.events) }),
        ...(patch.enabled !== undefined && { enabled: patch.enabled ? 1 : 0 }),
        updated_at: stamp.at,
      });
      if (changed) await audit(tx, projectOf(caller), stamp, webhookEvent('webhook.update', id, patch));
      return changed;
    });
    if (!row) throw notFound('webhook');
    return toWebhook(row);
  }

  async remove(caller: Caller, id: string): Promise<void> {
    assertRole(caller, 'admin');
    const stamp = stampOf(caller, this.clock);
    await this.store.transaction(async (tx) => {
      const gone = await store.deleteWebhook(tx, projectOf(caller), id);
      if (!gone) throw notFound('webhook');
      await audit(tx, projectOf(caller), stamp, webhookEvent('webhook.delete', id, { url: gone.url }));
    });
  }

  /** Queues a `webhook.ping` to this webhook alone, delivered, signed and logged like any event. */
  async ping(caller: Caller, id: string): Promise<WebhookDelivery> {
    const webhook = await this.found(caller, id);
    const at = isoAt(this.clock);
    const row = await store.enqueueFor(this.store, webhook.id, {
      messageId: `msg_${randomUUID()}`,
      event: PING_EVENT,
      payload: eventBody(PING_EVENT, at, { webhook_id: webhook.id }),
      at,
      expiresAt: retryDeadline(at),
    });
    return toDelivery(row);
  }

  async deliveries(caller: Caller, id: string, page: PageRequest): Promise<Page<WebhookDelivery>> {
    const webhook = await this.found(caller, id);
    const after = cursorKey<[number]>('delivery', page.cursor, ['integer']);
    const rows = await store.listDeliveries(this.store, webhook.id, after?.[0] ?? null, page.limit + 1);
    return pageOf(rows, page.limit, 'delivery', (r) => [r.seq], toDelivery);
  }

  /** Sends a delivered or failed delivery again (same message id, a fresh day of retries). */
  async redeliver(caller: Caller, id: string, deliveryId: number): Promise<WebhookDelivery> {
    const webhook = await this.found(caller, id);
    const at = isoAt(this.clock);
    const row = await store.redeliver(this.store, webhook.id, deliveryId, at, retryDeadline(at));
    if (!row) throw notFound('finished delivery');
    return toDelivery(row);
  }
}
