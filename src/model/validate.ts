import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/** One bad field: a path into the value and what is wrong with it. */
export interface Issue {
  field: string;
  message: string;
}

/** An ajv configured as every schema of the model is checked: unknown fields refused, never dropped. */
export function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    removeAdditional: false,
    useDefaults: true,
    // Errors carry the schema they broke, so a pattern's error can say in words what it wants.
    verbose: true,
    // Query strings and paths carry text, so they are coerced; bodies are JSON and must have the right types.
    coerceTypes: coerce ? 'array' : false,
    strict: false,
  });
  return addFormats(ajv);
}

const strict = makeAjv(false);

/** A strict check of values against a schema (JSON bodies, import rows): the issues, empty when valid. */
export function checker(schema: object): (value: unknown) => Issue[] {
  const validate: ValidateFunction = strict.compile(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => issueOf(e)));
}

/** One ajv error as a field path and a message a person can act on. */
export function issueOf(error: ErrorObject, prefix = ''): Issue {
  let field = error.instancePath.replace(/^\//, '');
  let message = error.message ?? 'is invalid';
  if (error.keyword === 'required') {
    field = join(field, String(error.params.missingProperty));
    message = 'is required';
  } else if (error.keyword === 'additionalProperties') {
    field = join(field, String(error.params.additionalProperty));
    message = 'is not a known field';
  } else if (error.keyword === 'enum') {
    message = `must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')}`;
  } else if (error.keyword === 'pattern') {
    message = patternMessage(error) ?? message;
  }
  return { field: join(prefix, field), message };
}

/** A pattern as the words its schema describes it with (every patterned schema has them): not a regex for a person to decode. */
function patternMessage(error: ErrorObject): string | undefined {
  const description = (error.parentSchema as { description?: unknown } | undefined)?.description;
  return typeof description === 'string' ? `must be ${description}` : undefined;
}

const join = (a: string, b: string) => (a && b ? `${a}/${b}` : a || b);
