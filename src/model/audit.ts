import { Type, type Static } from '@sinclair/typebox';
import { JsonObject, Nullable, StringEnum, Timestamp } from './kit.js';

export const AUDIT_ACTIONS = [
  'dataset.create',
  'dataset.update',
  'dataset.delete',
  'dataset.undelete',
  'dataset.restore',
  'dataset.schemas',
  'tag.set',
  'tag.delete',
  'share.create',
  'share.delete',
  'key.create',
  'key.revoke',
  'review.set',
  'webhook.create',
  'webhook.update',
  'webhook.delete',
  'metric.create',
  'container.create',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditEntry = Type.Object(
  {
    seq: Type.Integer({ description: 'the order entries were written in' }),
    at: Timestamp,
    action: StringEnum(AUDIT_ACTIONS),
    key_id: Type.String({ description: 'the API key that acted' }),
    user_id: Nullable(Type.String({ description: 'the user that key acts as, if any' })),
    dataset_id: Nullable(Type.String()),
    detail: JsonObject,
  },
  {
    title: 'AuditEntry',
    examples: [
      {
        seq: 812,
        at: '2026-11-20T16:45:12.000Z',
        action: 'tag.set',
        key_id: '3c0e9d2a-6a51-4f7e-9a3f-0d2b7c1e5f44',
        user_id: null,
        dataset_id: '6d1f0f8e-3b5a-4c5e-8a4e-5d8e7b2c9f01',
        detail: { name: 'prod', from_version: 2, to_version: 3 },
      },
    ],
  },
);
export type AuditEntry = Static<typeof AuditEntry>;
