import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, VersionNumber } from './kit.js';
import { LIMITS } from './limits.js';

/** A tag name starts with a letter, so it is never mistaken for a version number. */
export const TagName = Type.String({
  pattern: '^[A-Za-z][A-Za-z0-9._-]{0,63}$',
  description: 'a letter, then letters, digits, `.`, `_` or `-`; at most 64 characters',
});

/** Where a version is asked for: its number, or the name of a tag on it. */
export const VersionSelector = Type.String({
  pattern: '^([0-9]{1,9}|[A-Za-z][A-Za-z0-9._-]{0,63})$',
  description: 'a version number, or the name of a version tag (`prod`)',
  examples: ['3', 'prod'],
});

export const AsOf = Type.String({
  format: 'date-time',
  maxLength: LIMITS.timestampLength,
  description: 'the version that was the head at this time (RFC 3339)',
});

export const VersionTag = Type.Object(
  {
    name: Type.String(),
    version: Type.Integer(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  {
    title: 'VersionTag',
    examples: [{ name: 'prod', version: 3, created_at: '2026-11-02T09:20:00.000Z', updated_at: '2026-11-20T16:45:12.000Z' }],
  },
);
export type VersionTag = Static<typeof VersionTag>;

export const TagMove = Type.Object(
  {
    name: Type.String(),
    move: Type.Integer({ description: '1 for the tag being made, counting up' }),
    from_version: Nullable(Type.Integer({ description: 'null when the move made the tag' })),
    to_version: Nullable(Type.Integer({ description: 'null when the move deleted the tag' })),
    moved_at: Timestamp,
  },
  { title: 'TagMove' },
);
export type TagMove = Static<typeof TagMove>;

export const TagSet = Type.Object(
  { version: Type.Union([VersionNumber(), VersionSelector]) },
  { title: 'TagSet', additionalProperties: false },
);

export const RestoreRequest = Type.Object(
  {
    version: Type.Union([VersionNumber(), VersionSelector], {
      description: 'the version (or tag) whose content the new version takes',
    }),
    message: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.messageLength }))),
    base_version: Type.Optional(VersionNumber({ description: 'refuse with 409 unless this is still the head' })),
  },
  { title: 'RestoreRequest', additionalProperties: false },
);
export type RestoreRequest = Static<typeof RestoreRequest>;
