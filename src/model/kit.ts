import { Type, type IntegerOptions, type Static, type TSchema, type TUnsafe } from '@sinclair/typebox';
import { LIMITS } from './limits.js';

/** The small schemas every shape is built from. */

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });
export const Slug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
  description: 'lowercase letters, digits and dashes, not starting with a dash; 1 to 63 characters',
});
export const Name = Type.String({ minLength: 1, maxLength: LIMITS.nameLength });
export const Description = Type.String({ maxLength: LIMITS.descriptionLength });
export const Word = Type.String({ minLength: 1, maxLength: LIMITS.wordLength });
export const AnyJson = Type.Unknown({ description: 'any JSON value' });

/** A version number, as the stores hold one. */
export const VersionNumber = (options: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: LIMITS.versionMax, ...options });
/** A count or position a client sends (orders, token counts), as the stores hold one. */
export const Count = (options: IntegerOptions = {}) => Type.Integer({ minimum: 0, maximum: LIMITS.integerMax, ...options });
export const JsonObject = Type.Object({}, { additionalProperties: true, description: 'any JSON object' });

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

export const Tag = Type.String({ minLength: 1, maxLength: LIMITS.tagLength });
export const Tags = Type.Array(Tag, { maxItems: LIMITS.tagsMax });

/** JSON kept as the text stored, spliced into responses without parsing on hot read paths. */
export type JsonText = string;
/** A shape with some JSON-valued fields held as JSON text instead of values. */
export type WithJsonText<T, K extends keyof T> = Omit<T, K> & { [P in K]: JsonText };
