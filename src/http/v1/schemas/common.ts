import { Type, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { LIMITS } from '../../../domain/limits.js';

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description: 'lowercase letters, digits and dashes; 1 to 63 characters' });
export const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });
/**
 * `T | null`. Primitive schemas become `type: [t, "null"]` rather than anyOf, so a bad
 * value gets one clear validation message instead of one per branch.
 */
export function Nullable<T extends TSchema>(schema: T): TUnsafe<Static<T> | null> {
  const type = (schema as { type?: unknown }).type;
  if (typeof type === 'string' && type !== 'object' && type !== 'array') {
    const values = (schema as { enum?: unknown[] }).enum;
    return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'], ...(values && { enum: [...values, null] }) });
  }
  return Type.Unsafe<Static<T> | null>(Type.Union([schema, Type.Null()]));
}

/** A string that is one of `values`, as a plain JSON Schema enum. */
export const StringEnum = <const V extends readonly string[]>(values: V, options: object = {}) =>
  Type.Unsafe<V[number]>({ type: 'string', enum: [...values], ...options });
export const JsonObject = Type.Object({}, { additionalProperties: true, description: 'any JSON object' });

export const IdParams = Type.Object({ id: Uuid });

export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.pageSizeMax, default: LIMITS.pageSizeDefault }),
  cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'next_cursor of the previous page' })),
});

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), next_cursor: Nullable(Type.String()) });

export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { $id: 'Problem', description: 'RFC 9457 problem details' },
);

/** The error responses a route can give, all problem+json. */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, Type.Ref('Problem')]));

export const NoContent = Type.Null({ description: 'No content' });
