import { Type } from '@sinclair/typebox';
import { LIMITS } from '../../../domain/limits.js';
import { Name, Nullable, PageQuery, Timestamp, Uuid } from './common.js';

const Member = Type.String({ minLength: 1, maxLength: LIMITS.memberLength });
const Members = Type.Array(Member, { maxItems: LIMITS.membersMax });

export const CollectionCreate = Type.Object(
  { name: Name, dataset_id: Type.Optional(Nullable(Uuid)), members: Type.Optional(Members) },
  { additionalProperties: false },
);

export const CollectionUpdate = Type.Object(
  { name: Type.Optional(Name), dataset_id: Type.Optional(Nullable(Uuid)) },
  { additionalProperties: false, minProperties: 1 },
);

export const MembersBody = Type.Object({ members: Members }, { additionalProperties: false });

export const Collection = Type.Object({
  id: Uuid,
  name: Type.String(),
  dataset_id: Nullable(Uuid),
  member_count: Type.Integer(),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const CollectionListQuery = Type.Composite([
  PageQuery,
  Type.Object({ dataset_id: Type.Optional(Uuid), member: Type.Optional(Type.String({ minLength: 1, maxLength: LIMITS.memberLength, description: 'only collections holding this member (a node id, a datapoint id…)' })) }),
], { additionalProperties: false });
