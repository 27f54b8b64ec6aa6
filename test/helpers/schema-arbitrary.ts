import fc from 'fast-check';

type Schema = Record<string, any>;

/** Values no schema asks for: wrong types, edge numbers, text the stores cannot keep, deep JSON. */
export const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.constant(''),
  fc.constant('-1'),
  fc.constant('00000000-0000-0000-0000-000000000000'),
  fc.constant('\u0000'),
  fc.constant('a\ud800'),
  fc.constant('9'.repeat(30)),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(-0),
  fc.constant('x'.repeat(5000)),
  fc.constant('[[[[[[[[[[]]]]]]]]]]'),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
);

/**
 * Values for a JSON Schema (as the OpenAPI document gives it): mostly valid, and one
 * time in five (one in twenty-one inside objects) something odd in its place, so requests reach past validation as often
 * as they are refused by it. `known` supplies real values (ids, names) for strings.
 */
export function arbitraryFor(
  schema: Schema | undefined,
  resolve: (ref: string) => Schema,
  known: string[],
  depth = 0,
): fc.Arbitrary<unknown> {
  // Odd values are rarer inside objects, so whole bodies are valid often enough to reach the store.
  return fc.oneof(
    { weight: depth === 0 ? 4 : 20, arbitrary: valid(schema ?? {}, resolve, known, depth) },
    { weight: 1, arbitrary: oddValue },
  );
}

function valid(schema: Schema, resolve: (ref: string) => Schema, known: string[], depth: number): fc.Arbitrary<unknown> {
  const next = (s: Schema | undefined) => (depth > 4 ? fc.constant(null) : arbitraryFor(s, resolve, known, depth + 1));
  if (schema.$ref) return valid(resolve(schema.$ref), resolve, known, depth);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b: Schema) => valid(b, resolve, known, depth)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.type)) return fc.oneof(...schema.type.map((t: string) => valid({ ...schema, type: t }, resolve, known, depth)));
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1_000_000, 2 ** 31) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'string':
      return text(schema, known);
    case 'array':
      return fc.array(next(schema.items), { maxLength: Math.min(schema.maxItems ?? 4, 4) });
    case 'object': {
      const properties: Record<string, Schema> = schema.properties ?? {};
      const required: string[] = schema.required ?? [];
      const record = fc.record(Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, next(v)])), {
        requiredKeys: required.filter((k) => k in properties),
      });
      return schema.additionalProperties && Object.keys(properties).length === 0
        ? fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
        : record;
    }
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

function text(schema: Schema, known: string[]): fc.Arbitrary<string> {
  const real = known.length ? [fc.constantFrom(...known)] : [];
  if (schema.format === 'uuid') return fc.oneof(fc.uuid(), ...real);
  if (schema.format === 'date-time')
    return fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.pattern) return fc.oneof(fc.stringMatching(new RegExp(schema.pattern)), ...real);
  return fc.oneof(fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 40, 40) }), ...real);
}
