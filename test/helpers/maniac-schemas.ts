import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
/** The gateway's published OpenAPI document (a copy of the seed's), the contract its responses are checked against. */
const doc = JSON.parse(fs.readFileSync(new URL('../fixtures/maniac-openapi.json', import.meta.url), 'utf8'));
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
ajv.addSchema(doc, 'maniac');

/**
 * Checks a response body against the schema the document gives for this path, method
 * and status; returns the validation errors (empty when it conforms).
 */
export function conformance(path: string, method: string, status: number, body: unknown): string[] {
  const response = doc.paths[path]?.[method.toLowerCase()]?.responses?.[String(status)];
  if (!response) return [`the document has no ${status} response for ${method} ${path}`];
  const ref: string = response.content['application/json'].schema.$ref;
  const validate = ajv.getSchema(`maniac${ref}`)!;
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}
