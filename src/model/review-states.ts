import { Type, type Static } from '@sinclair/typebox';
import { Nullable, StringEnum, Timestamp, Uuid } from './kit.js';
import { LIMITS } from './limits.js';
import { VersionSelector } from './version-tags.js';

/** What a reviewer decided about a datapoint's content. */
export const REVIEW_STATES = ['approved', 'needs_fix', 'rejected'] as const;
export type ReviewStateName = (typeof REVIEW_STATES)[number];

/** What a listing may keep by review: one decision, or the content nobody has reviewed yet. */
export const REVIEW_FILTERS = [...REVIEW_STATES, 'unreviewed'] as const;
export type ReviewFilter = (typeof REVIEW_FILTERS)[number];

export const ReviewCreate = Type.Object(
  {
    state: StringEnum(REVIEW_STATES),
    comment: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.descriptionLength }))),
    version: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 2_147_483_647 }), VersionSelector])),
  },
  {
    title: 'ReviewCreate',
    additionalProperties: false,
    description: 'A decision on the datapoint as it is in `version` (a number or a tag; default the head).',
    examples: [{ state: 'needs_fix', comment: 'the expected answer cites the old refund window', version: 4 }],
  },
);
export type ReviewCreate = Static<typeof ReviewCreate>;

export const Review = Type.Object(
  {
    datapoint_id: Uuid,
    state: StringEnum(REVIEW_STATES),
    comment: Nullable(Type.String()),
    version: Type.Integer({ description: 'the version the reviewer read' }),
    content_version: Type.Integer({
      description: 'the version that wrote the content reviewed: the review holds in every version with that content, until an edit',
    }),
    key_id: Type.String({ description: 'the API key that reviewed' }),
    key_name: Nullable(Type.String()),
    user_id: Nullable(Type.String({ description: 'the user that key acts as, if any' })),
    user_name: Nullable(Type.String({ description: "the user's name, else their email" })),
    created_at: Timestamp,
  },
  { title: 'Review' },
);
export type Review = Static<typeof Review>;
