import { typeOf, type JsonSchema } from './json-schema.js';
import { pydanticBool, pydanticFloat, pydanticInt, uuidCrate, uuidCrateError } from './python-values.js';

/** One item of FastAPI's HTTPValidationError, as pydantic v2 reports it. */
export interface PydanticError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

type Schema = JsonSchema;
type Loc = (string | number)[];
type Outcome = { ok: true; value: unknown } | { ok: false; errors: PydanticError[] };

/** Marks a string enum as a Python `Enum` class (error type `enum`); plain ones are `Literal`s (`literal_error`). */
export const PYTHON_ENUM = 'x-python-enum' as const;

const ok = (value: unknown): Outcome => ({ ok: true, value });
const fail = (type: string, loc: Loc, msg: string, input: unknown, ctx?: Record<string, unknown>): Outcome => ({
  ok: false,
  errors: [{ type, loc, msg, input, ...(ctx && { ctx }) }],
});
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "'a', 'b' or 'c'", as pydantic lists expected values. */
const expected = (values: unknown[]) => {
  const quoted = values.map((v) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v)));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
};

/**
 * Validates and converts a value as pydantic v2 does in lax mode (numbers and booleans
 * from text, integers from whole floats, uuids in any accepted form), reporting every
 * failing location in field order with pydantic's wording.
 */
export function validate(schema: Schema, input: unknown, loc: Loc): Outcome {
  if (input === null && (schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null')))) return ok(null);
  const branches: Schema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const nonNull = branches.filter((b) => b.type !== 'null');
    if (input === null && nonNull.length < branches.length) return ok(null);
    return nonNull.length === 1 ? validate(nonNull[0], input, loc) : firstOf(nonNull, input, loc);
  }
  const type = typeOf(schema);
  if (schema.enum) return choice(schema, schema.enum, input, loc);
  if (schema.const !== undefined)
    return input === schema.const
      ? ok(input)
      : fail('literal_error', loc, `Input should be ${expected([schema.const])}`, input, { expected: expected([schema.const]) });
  switch (type) {
    case 'string':
      return schema.format === 'uuid' ? uuid(input, loc) : text(schema, input, loc);
    case 'integer':
      return bounded(schema, integer(input, loc), loc, input);
    case 'number':
      return bounded(schema, number(input, loc), loc, input);
    case 'boolean':
      return boolean(input, loc);
    case 'array':
      return list(schema, input, loc);
    case 'object':
      return model(schema, input, loc);
    default:
      return ok(input);
  }
}

function firstOf(branches: Schema[], input: unknown, loc: Loc): Outcome {
  const errors: PydanticError[] = [];
  for (const branch of branches) {
    const outcome = validate(branch, input, loc);
    if (outcome.ok) return outcome;
    errors.push(...outcome.errors);
  }
  return { ok: false, errors };
}

function choice(schema: Schema, choices: unknown[], input: unknown, loc: Loc): Outcome {
  if (choices.includes(input)) return ok(input);
  const values = choices.filter((v) => v !== null);
  return fail(schema[PYTHON_ENUM] ? 'enum' : 'literal_error', loc, `Input should be ${expected(values)}`, input, {
    expected: expected(values),
  });
}

function text(schema: Schema, input: unknown, loc: Loc): Outcome {
  if (typeof input !== 'string') return fail('string_type', loc, 'Input should be a valid string', input);
  const length = Array.from(input).length;
  const plural = (n: number) => (n === 1 ? '' : 's');
  if (schema.minLength !== undefined && length < schema.minLength) {
    return fail('string_too_short', loc, `String should have at least ${schema.minLength} character${plural(schema.minLength)}`, input, {
      min_length: schema.minLength,
    });
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return fail('string_too_long', loc, `String should have at most ${schema.maxLength} character${plural(schema.maxLength)}`, input, {
      max_length: schema.maxLength,
    });
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(input)) {
    return fail('string_pattern_mismatch', loc, `String should match pattern '${schema.pattern}'`, input, { pattern: schema.pattern });
  }
  return ok(input);
}

function uuid(input: unknown, loc: Loc): Outcome {
  if (typeof input !== 'string') return fail('uuid_type', loc, 'UUID input should be a string, bytes or UUID object', input);
  const parsed = uuidCrate(input);
  if (parsed !== null) return ok(parsed);
  const error = uuidCrateError(input);
  return fail('uuid_parsing', loc, `Input should be a valid UUID, ${error}`, input, { error });
}

function integer(input: unknown, loc: Loc): Outcome {
  if (typeof input === 'boolean') return ok(input ? 1 : 0);
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return fail('finite_number', loc, 'Input should be a finite number', input);
    return Number.isInteger(input)
      ? ok(input)
      : fail('int_from_float', loc, 'Input should be a valid integer, got a number with a fractional part', input);
  }
  if (typeof input === 'string') {
    const parsed = pydanticInt(input);
    return parsed === null
      ? fail('int_parsing', loc, 'Input should be a valid integer, unable to parse string as an integer', input)
      : ok(parsed);
  }
  return fail('int_type', loc, 'Input should be a valid integer', input);
}

function number(input: unknown, loc: Loc): Outcome {
  if (typeof input === 'boolean') return ok(input ? 1 : 0);
  if (typeof input === 'number') return ok(input);
  if (typeof input === 'string') {
    const parsed = pydanticFloat(input);
    return parsed === null
      ? fail('float_parsing', loc, 'Input should be a valid number, unable to parse string as a number', input)
      : ok(parsed);
  }
  return fail('float_type', loc, 'Input should be a valid number', input);
}

/** ge / gt / le / lt, checked on the converted number and reported with the input as sent. */
function bounded(schema: Schema, outcome: Outcome, loc: Loc, input: unknown): Outcome {
  if (!outcome.ok) return outcome;
  const n = outcome.value as number;
  const checks: [string, unknown, (limit: number) => boolean, string, string][] = [
    ['greater_than', schema.exclusiveMinimum, (l) => n > l, 'gt', 'greater than'],
    ['greater_than_equal', schema.minimum, (l) => n >= l, 'ge', 'greater than or equal to'],
    ['less_than', schema.exclusiveMaximum, (l) => n < l, 'lt', 'less than'],
    ['less_than_equal', schema.maximum, (l) => n <= l, 'le', 'less than or equal to'],
  ];
  for (const [type, limit, holds, key, words] of checks) {
    if (typeof limit === 'number' && !holds(limit)) return fail(type, loc, `Input should be ${words} ${limit}`, input, { [key]: limit });
  }
  return outcome;
}

function boolean(input: unknown, loc: Loc): Outcome {
  if (typeof input === 'boolean') return ok(input);
  const parsed = typeof input === 'string' ? pydanticBool(input) : input === 0 || input === 1 ? input === 1 : null;
  if (parsed !== null) return ok(parsed);
  return typeof input === 'string' || typeof input === 'number'
    ? fail('bool_parsing', loc, 'Input should be a valid boolean, unable to interpret input', input)
    : fail('bool_type', loc, 'Input should be a valid boolean', input);
}

function list(schema: Schema, input: unknown, loc: Loc): Outcome {
  if (!Array.isArray(input)) return fail('list_type', loc, 'Input should be a valid list', input);
  const errors: PydanticError[] = [];
  const value = (input as unknown[]).map((item, i) => {
    const outcome = validate(schema.items ?? {}, item, [...loc, i]);
    if (!outcome.ok) errors.push(...outcome.errors);
    return outcome.ok ? outcome.value : item;
  });
  if (errors.length) return { ok: false, errors };
  if (schema.maxItems !== undefined && input.length > schema.maxItems) {
    const ctx = { field_type: 'List', max_length: schema.maxItems, actual_length: input.length };
    return fail(
      'too_long',
      loc,
      `List should have at most ${schema.maxItems} item${schema.maxItems === 1 ? '' : 's'} after validation, not ${input.length}`,
      input,
      ctx,
    );
  }
  if (schema.minItems !== undefined && input.length < schema.minItems) {
    const ctx = { field_type: 'List', min_length: schema.minItems, actual_length: input.length };
    return fail(
      'too_short',
      loc,
      `List should have at least ${schema.minItems} item${schema.minItems === 1 ? '' : 's'} after validation, not ${input.length}`,
      input,
      ctx,
    );
  }
  return ok(value);
}

/** A model (declared fields) or a plain dict (no fields declared). */
function model(schema: Schema, input: unknown, loc: Loc): Outcome {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const declared = Object.keys(properties);
  if (!isObject(input)) {
    return declared.length === 0
      ? fail('dict_type', loc, 'Input should be a valid dictionary', input)
      : fail('model_attributes_type', loc, 'Input should be a valid dictionary or object to extract fields from', input);
  }
  if (declared.length === 0) return ok(input);
  const errors: PydanticError[] = [];
  const value: Record<string, unknown> = {};
  const required: string[] = schema.required ?? [];
  for (const name of declared) {
    if (!(name in input)) {
      // A field with a default is never missing (TypeBox still lists it as required).
      if (properties[name].default !== undefined) value[name] = properties[name].default;
      else if (required.includes(name)) errors.push({ type: 'missing', loc: [...loc, name], msg: 'Field required', input });
      continue;
    }
    const outcome = validate(properties[name], input[name], [...loc, name]);
    if (outcome.ok) value[name] = outcome.value;
    else errors.push(...outcome.errors);
  }
  for (const name of Object.keys(input).filter((k) => !(k in properties))) {
    if (schema.additionalProperties === false)
      errors.push({ type: 'extra_forbidden', loc: [...loc, name], msg: 'Extra inputs are not permitted', input: input[name] });
  }
  return errors.length ? { ok: false, errors } : ok(value);
}

/**
 * Path, query and header parameters: each validated on its own (a missing one reported
 * with input null), as FastAPI declares them one by one.
 */
export function validateParameters(schema: Schema, input: Record<string, unknown>, where: string): Outcome {
  const properties: Record<string, Schema> = schema.properties ?? {};
  const required: string[] = schema.required ?? [];
  const errors: PydanticError[] = [];
  const value: Record<string, unknown> = { ...input };
  for (const [name, property] of Object.entries(properties)) {
    if (input[name] === undefined) {
      if (property.default !== undefined) value[name] = property.default;
      else if (required.includes(name)) errors.push({ type: 'missing', loc: [where, name], msg: 'Field required', input: null });
      continue;
    }
    const outcome = validate(property, input[name], [where, name]);
    if (outcome.ok) value[name] = outcome.value;
    else errors.push(...outcome.errors);
  }
  return errors.length ? { ok: false, errors } : ok(value);
}
