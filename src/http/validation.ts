import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import type { FieldIssue } from '../domain/errors.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    // Unknown fields must be refused, never silently dropped.
    removeAdditional: false,
    useDefaults: true,
    // Query strings and paths carry text, so they are coerced; bodies are JSON and must have the right types.
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  return addFormats(ajv);
}

const strict = makeAjv(false);
const coercing = makeAjv(true);

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema as object);

/** A strict validator for a body schema, used outside Fastify (NDJSON lines). */
export function bodyValidator(schema: object): (value: unknown) => FieldIssue[] {
  const validate: ValidateFunction = strict.compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => fieldIssue(e)));
}

/** One ajv error as a field path and a message a person can act on. */
export function fieldIssue(error: ErrorObject, prefix = ''): FieldIssue {
  let field = error.instancePath.replace(/^\//, '');
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    field = join(field, String(error.params.missingProperty));
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    field = join(field, String(error.params.additionalProperty));
    message = 'is not a known field';
  }
  return { field: join(prefix, field), message };
}

const join = (a: string, b: string) => (a && b ? `${a}/${b}` : a || b);
