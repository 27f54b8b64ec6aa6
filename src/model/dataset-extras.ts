import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Timestamp, Uuid } from './kit.js';

/** Who committed a dataset's versions: each key by name, and the user it acted as. */
export const Author = Type.Object(
  {
    key_id: Type.String(),
    key_name: Nullable(Type.String({ description: 'null when the key is gone' })),
    user_id: Nullable(Type.String()),
    user_name: Nullable(Type.String({ description: "the user's name, else their email" })),
  },
  { title: 'Author' },
);
export type Author = Static<typeof Author>;

/** A deleted dataset, while it can still be brought back. */
export const DeletedDataset = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    type: Type.String(),
    datapoint_count: Type.Integer(),
    head_version: Type.Integer(),
    deleted_at: Timestamp,
    restorable_until: Timestamp,
  },
  { title: 'DeletedDataset' },
);
export type DeletedDataset = Static<typeof DeletedDataset>;
