import { Type } from '@sinclair/typebox';
import { ROLES } from '../../../domain/caller.js';
import { Name, Nullable, Slug, StringEnum, Timestamp, Uuid } from './common.js';

export const NamespaceCreate = Type.Object({ slug: Slug, name: Name }, { additionalProperties: false });
export const Namespace = Type.Object({ id: Uuid, slug: Type.String(), name: Type.String(), created_at: Timestamp });

export const ProjectCreate = NamespaceCreate;
export const Project = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  namespace: Type.String({ description: 'slug of the namespace' }),
  created_at: Timestamp,
});

export const Role = StringEnum(ROLES);
export const ApiKeyCreate = Type.Object(
  { name: Name, role: Type.Optional(Role), user_id: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const ApiKey = Type.Object({ id: Uuid, name: Type.String(), role: Role, prefix: Type.String(), user_id: Nullable(Uuid), created_at: Timestamp });
export const ApiKeyCreated = Type.Composite([
  ApiKey,
  Type.Object({ key: Type.String({ description: 'the secret; shown only in this response' }) }),
]);

export const NamespaceParams = Type.Object({ ns: Slug });
export const ProjectParams = Type.Object({ ns: Slug, project: Slug });
export const KeyParams = Type.Object({ ns: Slug, project: Slug, id: Uuid });
