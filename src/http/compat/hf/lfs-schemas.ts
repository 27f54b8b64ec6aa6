import { Type, type Static } from '@sinclair/typebox';

/** A Git LFS object id: the SHA-256 of the bytes, in hex. */
const Oid = Type.String({ pattern: '^[0-9a-f]{64}$', description: 'the SHA-256 of the bytes, 64 hex digits' });
const Size = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
export const LfsObject = Type.Object({ oid: Oid, size: Size });

export const BatchBody = Type.Object({
  operation: Type.Union([Type.Literal('upload'), Type.Literal('download')], { description: 'only `upload` is served' }),
  transfers: Type.Optional(Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 })),
  ref: Type.Optional(Type.Object({ name: Type.String({ maxLength: 256 }) })),
  objects: Type.Array(LfsObject, { maxItems: 1000 }),
  hash_algo: Type.Optional(Type.String({ maxLength: 32 })),
});

const Action = Type.Object({
  href: Type.String(),
  header: Type.Optional(Type.Record(Type.String(), Type.String())),
  expires_at: Type.Optional(Type.String()),
});
export const BatchAnswer = Type.Object(
  {
    transfer: Type.String({ description: '`basic`; objects sent in parts say so by `header.chunk_size`' }),
    objects: Type.Array(
      Type.Object({
        oid: Type.String(),
        size: Type.Integer(),
        authenticated: Type.Optional(Type.Boolean()),
        actions: Type.Optional(Type.Object({ upload: Action, verify: Type.Optional(Action) })),
        error: Type.Optional(Type.Object({ code: Type.Integer(), message: Type.String() })),
      }),
    ),
  },
  { title: 'HubLfsBatch' },
);

/** What a signed upload URL carries. */
const GrantFields = {
  project: Type.String({ maxLength: 64 }),
  key: Type.String({ maxLength: 64 }),
  expires: Type.Integer({ minimum: 0, maximum: 99_999_999_999, description: 'seconds since 1970' }),
  signature: Type.String({ maxLength: 128 }),
};
export const ObjectQuery = Type.Object({ ...GrantFields, size: Size });
export const Grant = Type.Object(GrantFields);
export const ObjectParams = Type.Object({ oid: Oid });
export const UploadParams = Type.Object({ upload: Type.String({ format: 'uuid' }) });
export const PartParams = Type.Object({ upload: Type.String({ format: 'uuid' }), part: Type.Integer({ minimum: 1, maximum: 10_000 }) });
export const RepoGitParams = Type.Object({
  namespace: Type.String({ minLength: 1, maxLength: 200 }),
  repo: Type.String({ minLength: 1, maxLength: 204, description: 'NAME.git' }),
});

export const CompleteBody = Type.Object({
  oid: Oid,
  parts: Type.Array(Type.Object({ partNumber: Type.Integer({ minimum: 1, maximum: 10_000 }), etag: Type.String({ maxLength: 256 }) }), {
    maxItems: 10_000,
  }),
});
export const Stored = Type.Object({ oid: Type.String(), size: Type.Integer() }, { title: 'HubLfsObject' });

export type BatchAnswer = Static<typeof BatchAnswer>;
