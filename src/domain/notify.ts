import { randomUUID } from 'node:crypto';
import type { Queryable } from '../store/store.js';
import { enqueueForSubscribers } from '../store/webhooks.js';
import { LIMITS } from '../model/limits.js';
import type { WebhookEvent } from '../model/webhooks.js';

/** The body every delivery carries (Standard Webhooks' shape): the event, when, and what changed. */
export function eventBody(type: string, at: string, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: at, data });
}

export const retryDeadline = (at: string) => new Date(Date.parse(at) + LIMITS.webhookRetryHours * 3_600_000).toISOString();

/**
 * Reports a change to the project's webhooks subscribed to the event. Call it with the
 * change's transaction: the outbox rows commit with the change or not at all, so no
 * change goes unreported and nothing unstored is reported.
 */
export async function notify(
  q: Queryable,
  projectId: string,
  at: string,
  type: WebhookEvent,
  data: Record<string, unknown>,
): Promise<void> {
  await enqueueForSubscribers(q, projectId, {
    messageId: `msg_${randomUUID()}`,
    event: type,
    payload: eventBody(type, at, data),
    at,
    expiresAt: retryDeadline(at),
  });
}
