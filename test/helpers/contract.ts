import fs from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * The committed OpenAPI document (openapi.json) as a checker of real responses: every
 * response the end-to-end suite receives through the test server is held against the
 * operation it answered — its status declared, its media type declared for that status,
 * its JSON body valid against the declared schema. A test file fails on any mismatch.
 */
type Json = Record<string, any>;

const CONTRACT_ID = 'https://datashelf.invalid/openapi.json';
const document = JSON.parse(fs.readFileSync(new URL('../../openapi.json', import.meta.url), 'utf8')) as Json;
const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
addFormats.default(ajv);
ajv.addSchema({ ...document, $id: CONTRACT_ID });

const escape = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Path templates, most literal first, as matchers. */
const templates = Object.keys(document.paths as Json)
  .map((template) => ({
    template,
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    literal: template.replace(/\{[^}]+\}/g, '').length,
  }))
  .sort((a, b) => b.literal - a.literal);

/** What is wrong with a response, or null when the document declares it exactly. */
export function contractViolation(method: string, url: string, status: number, contentType: string | null, text: string): string | null {
  const path = new URL(url, 'http://x').pathname;
  const template = templates.find((t) => t.pattern.test(path))?.template;
  const operation = template && (document.paths[template][method.toLowerCase()] as Json | undefined);
  // Paths and methods the contract does not name (probes, the reference page, 404s for
  // unknown routes, 405s) are not operations: there is nothing to hold them to.
  if (!template || !operation) return null;
  const where = `${method} ${template} -> ${status}`;
  const response = (operation.responses[String(status)] ?? operation.responses.default) as Json | undefined;
  if (!response) return `${where}: status not declared`;
  if (!response.content) return text === '' ? null : `${where}: a body was sent, none is declared`;
  const mediaType = (contentType ?? '').split(';')[0].trim();
  // `*/*` declares bytes of whatever type they were stored as (attachments): nothing to validate.
  if (!(mediaType in response.content) && '*/*' in response.content) return null;
  if (!(mediaType in response.content))
    return `${where}: ${mediaType || 'no media type'} not declared (${Object.keys(response.content).join(', ')})`;
  if (mediaType !== 'application/json' && !mediaType.endsWith('+json')) return null;
  const pointer = [
    'paths',
    template,
    method.toLowerCase(),
    'responses',
    String(status) in operation.responses ? String(status) : 'default',
  ];
  const validate = ajv.getSchema(
    `${CONTRACT_ID}#/${[...pointer, 'content', mediaType, 'schema'].map((segment) => encodeURIComponent(escape(segment))).join('/')}`,
  );
  if (!validate) return `${where}: no schema for ${mediaType}`;
  if (validate(JSON.parse(text))) return null;
  return `${where}: body does not match: ${ajv.errorsText(validate.errors)} in ${text.slice(0, 300)}`;
}
