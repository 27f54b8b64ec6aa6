import { Type, type Static } from '@sinclair/typebox';
import { Name, Nullable, Timestamp, Uuid } from './kit.js';
import { LIMITS } from './limits.js';

export const Member = Type.String({ minLength: 1, maxLength: LIMITS.memberLength });
export const Members = Type.Array(Member, { maxItems: LIMITS.membersMax });

export const CollectionCreate = Type.Object(
  { name: Name, dataset_id: Type.Optional(Nullable(Uuid)), members: Type.Optional(Members) },
  { title: 'CollectionCreate', additionalProperties: false },
);
export type CollectionCreate = Static<typeof CollectionCreate>;

export const CollectionUpdate = Type.Object(
  { name: Type.Optional(Name), dataset_id: Type.Optional(Nullable(Uuid)) },
  { title: 'CollectionUpdate', additionalProperties: false, minProperties: 1 },
);
export type CollectionUpdate = Static<typeof CollectionUpdate>;

export const Collection = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    dataset_id: Nullable(Uuid),
    member_count: Type.Integer(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Collection' },
);
export type Collection = Static<typeof Collection>;

/** A collection with every member, as surfaces that inline them show it. */
export interface CollectionMembers {
  id: string;
  name: string;
  members: string[];
}
