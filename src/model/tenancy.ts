import { Type, type Static } from '@sinclair/typebox';
import { Name, Nullable, Slug, StringEnum, Timestamp, Uuid } from './kit.js';

export const ROLES = ['read', 'write', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = StringEnum(ROLES);

export const NamespaceCreate = Type.Object({ slug: Slug, name: Name }, { title: 'NamespaceCreate', additionalProperties: false });
export type NamespaceCreate = Static<typeof NamespaceCreate>;
export const Namespace = Type.Object({ id: Uuid, slug: Type.String(), name: Type.String(), created_at: Timestamp }, { title: 'Namespace' });
export type Namespace = Static<typeof Namespace>;

export const ProjectCreate = NamespaceCreate;
export type ProjectCreate = Static<typeof ProjectCreate>;
export const Project = Type.Object(
  {
    id: Uuid,
    slug: Type.String(),
    name: Type.String(),
    namespace: Type.String({ description: 'slug of the namespace' }),
    created_at: Timestamp,
  },
  { title: 'Project' },
);
export type Project = Static<typeof Project>;

/** A project as named in a path: namespace slug and project slug. */
export interface ProjectRef {
  namespace: string;
  project: string;
}

export const ApiKeyCreate = Type.Object(
  { name: Name, role: Type.Optional(RoleSchema), user_id: Type.Optional(Uuid) },
  { title: 'ApiKeyCreate', additionalProperties: false },
);
export type ApiKeyCreate = Static<typeof ApiKeyCreate>;
export const ApiKey = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    role: RoleSchema,
    prefix: Type.String(),
    user_id: Nullable(Uuid),
    created_at: Timestamp,
  },
  { title: 'ApiKey' },
);
export type ApiKey = Static<typeof ApiKey>;
export const ApiKeyCreated = Type.Composite(
  [ApiKey, Type.Object({ key: Type.String({ description: 'the secret; shown only in this response' }) })],
  { title: 'ApiKeyCreated' },
);
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;

/** A live key as authentication finds it. */
export interface KeyGrant {
  id: string;
  project_id: string | null;
  role: Role;
  user_id: string | null;
}
