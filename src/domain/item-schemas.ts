import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { ItemSchemas } from '../model/datasets.js';
import type { DatapointContent } from '../model/datapoints.js';
import { invalid, type FieldIssue } from './errors.js';

const FIELDS = ['input', 'expected_output', 'metadata'] as const;
type Field = (typeof FIELDS)[number];

/** Compiled checks of a dataset's item schemas: a datapoint's problems, or none. */
export type ItemCheck = (content: Pick<DatapointContent, Field>, at: string) => FieldIssue[];

// Unknown keywords are refused (a typo would silently check nothing); union types and
// loose tuples are ordinary JSON Schema, so Ajv's stricter type rules are off.
const ajv = new Ajv2020({ strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false, validateFormats: true });
addFormats.default(ajv);

/** Compiled once per schema text: commits and imports to the same dataset reuse them. */
const compiled = new Map<string, ValidateFunction>();
const COMPILED_MAX = 256;

function compile(schema: object, field: Field): ValidateFunction {
  const text = JSON.stringify(schema);
  const known = compiled.get(text);
  if (known) return known;
  let validate: ValidateFunction;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    throw invalid(`the ${field} schema is not a valid JSON Schema (Draft 2020-12): ${(error as Error).message}`, [
      { field: `body/${field}`, message: 'is not a valid JSON Schema' },
    ]);
  }
  if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
  compiled.set(text, validate);
  return validate;
}

/** The check a dataset's schemas make, or null when it has none. Throws a 422 for a schema that is not one. */
export function itemCheck(schemas: ItemSchemas | null): ItemCheck | null {
  if (!schemas) return null;
  const checks = FIELDS.flatMap((field) => (schemas[field] ? [[field, compile(schemas[field], field)] as const] : []));
  if (checks.length === 0) return null;
  return (content, at) =>
    checks.flatMap(([field, validate]) => {
      if (validate(JSON.parse(content[field]))) return [];
      const error = validate.errors![0];
      return [{ field: `${at}/${field}${error.instancePath}`, message: `${error.message ?? 'is invalid'} (schema ${error.schemaPath})` }];
    });
}

/** Refuses datapoints that break the dataset's schemas, naming the first few. */
export function refuseBroken(check: ItemCheck | null, contents: { content: Pick<DatapointContent, Field>; at: string }[]): void {
  if (!check) return;
  const issues: FieldIssue[] = [];
  for (const { content, at } of contents) {
    issues.push(...check(content, at));
    if (issues.length >= 10) break;
  }
  if (issues.length) throw invalid(`datapoints break the dataset's item schemas: ${issues[0].field} ${issues[0].message}`, issues);
}
