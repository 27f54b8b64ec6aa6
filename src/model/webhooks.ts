import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from './kit.js';
import { LIMITS } from './limits.js';

export const WEBHOOK_EVENTS = [
  'dataset.created',
  'dataset.updated',
  'dataset.deleted',
  'dataset.restored',
  'version.created',
  'tag.moved',
  'run.created',
  'run.completed',
  'evaluations.written',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
/** What a test ping sends: no subscription needed. */
export const PING_EVENT = 'webhook.ping';

const Events = Type.Array(StringEnum(WEBHOOK_EVENTS), { minItems: 1, maxItems: WEBHOOK_EVENTS.length, uniqueItems: true });
const Url = Type.String({
  format: 'uri',
  pattern: '^https?://',
  maxLength: LIMITS.webhookUrlLength,
  description: 'an http(s) URL the events are POSTed to',
});

export const WebhookCreate = Type.Object(
  {
    url: Url,
    events: Events,
    secret: Type.Optional(
      Type.String({
        pattern: '^whsec_[A-Za-z0-9+/]{32,88}={0,2}$',
        description: 'a Standard Webhooks secret (`whsec_` and 24 to 64 base64 bytes); generated when absent',
      }),
    ),
  },
  { title: 'WebhookCreate', additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreate>;

export const WebhookUpdate = Type.Object(
  { url: Type.Optional(Url), events: Type.Optional(Events), enabled: Type.Optional(Type.Boolean()) },
  { title: 'WebhookUpdate', additionalProperties: false },
);
export type WebhookUpdate = Static<typeof WebhookUpdate>;

export const Webhook = Type.Object(
  {
    id: Uuid,
    url: Type.String(),
    events: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Webhook' },
);
export type Webhook = Static<typeof Webhook>;

export const WebhookWithSecret = Type.Object(
  { ...Webhook.properties, secret: Type.String({ description: 'the signing secret: shown here once, never again' }) },
  { title: 'WebhookWithSecret' },
);

export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const WebhookDelivery = Type.Object(
  {
    id: Type.Integer({ description: 'the delivery, for redelivery' }),
    message_id: Type.String({ description: 'the `webhook-id` header: the same on every attempt' }),
    event: Type.String(),
    status: StringEnum(DELIVERY_STATUSES),
    attempts: Type.Integer(),
    response_status: Nullable(Type.Integer({ description: "the receiver's last HTTP status" })),
    last_error: Nullable(Type.String()),
    next_attempt_at: Nullable(Timestamp),
    created_at: Timestamp,
    delivered_at: Nullable(Timestamp),
  },
  { title: 'WebhookDelivery' },
);
export type WebhookDelivery = Static<typeof WebhookDelivery>;
