import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, invalid, type FieldIssue } from '../../domain/errors.js';
import { LIMITS } from '../../model/limits.js';
import { decodeUtf8, jsonProblem } from '../../formats/json-input.js';
import { describePythonJsonError, pythonJsonError } from './python-json.js';
import { typeOf, type JsonSchema } from './json-schema.js';
import { pythonInt, pythonUuid } from './python-values.js';
import { lastValueWins } from './query.js';

type Schema = JsonSchema;

/**
 * A body as DRF's JSONParser reads it: an empty body is empty data, JSON that Python
 * cannot parse is "JSON parse error - <Python's message>".
 */
function parseBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  const text = decodeUtf8(bytes);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = pythonJsonError(text);
    throw badRequest(`JSON parse error - ${error ? describePythonJsonError(error) : 'Expecting value: line 1 column 1 (char 0)'}`);
  }
  const refused = jsonProblem(value);
  if (refused) throw badRequest(`JSON parse error - ${refused.field ? `at ${refused.field} ` : ''}${refused.message}`);
  return value;
}

/**
 * What DRF's serializer fields accept besides their own type, per the route's body
 * schema: CharFields take numbers (as text) and trim whitespace, IntegerFields take
 * whole numbers as text ("5", " 5.0 "), UUIDFields any form Python's uuid reads. What
 * they would refuse is left for validation to refuse in DRF's words.
 */
export function drfCoerce(schema: Schema | undefined, value: unknown): unknown {
  if (!schema || value === null || value === undefined) return value;
  const type = typeOf(schema);
  if (type === 'object' && typeof value === 'object' && !Array.isArray(value)) {
    const properties: Record<string, Schema> = schema.properties ?? {};
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, drfCoerce(properties[k], v)]));
  }
  if (type === 'array' && Array.isArray(value)) return value.map((item) => drfCoerce(schema.items, item));
  if (type === 'string' && schema.format === 'uuid') return typeof value === 'string' ? (pythonUuid(value) ?? value) : value;
  if (type === 'string' && !schema.enum) {
    if (typeof value === 'number') return String(value);
    return typeof value === 'string' ? value.trim() : value;
  }
  if (type === 'integer') {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : null;
    const parsed = text === null ? null : pythonInt(text.replace(/\.0*\s*$/, ''));
    return parsed ?? value;
  }
  return value;
}

/** What a DRF surface changes in its scope: JSON parsing, lax serializer fields, repeated query names. */
export function djangoFramework(scope: FastifyInstance): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: LIMITS.jsonBodyBytes }, (_request, body, done) => {
    try {
      done(null, parseBody(body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  scope.addHook('preValidation', async (request) => {
    const schema = (request.routeOptions.schema as { body?: Schema } | undefined)?.body;
    if (schema && request.body !== undefined) request.body = drfCoerce(schema, request.body);
  });
  lastValueWins(scope);
}

/** The kinds of django-filter filters a listing declares. */
export type FilterKind = 'uuid' | 'char' | 'choice' | 'number';

/**
 * A query as django-filter reads it: an empty value means no filter; a uuid in any form
 * Python reads; text stripped; numbers as Decimals, so `3.0` is 3. Bad values are refused
 * together, field by field, in django's words. Numbers keep their meaning for the
 * lookup: a minimum rounds up, a maximum down, and an exact value that is not whole
 * matches nothing (0 names no version).
 */
export function djangoFilters(fields: Record<string, FilterKind>, bounds: { min?: string[]; max?: string[] } = {}) {
  return async (request: FastifyRequest) => {
    const query = request.query as Record<string, string | number>;
    const issues: FieldIssue[] = [];
    for (const [name, kind] of Object.entries(fields)) {
      const raw = query[name];
      if (typeof raw !== 'string') continue;
      const text = kind === 'char' || kind === 'number' ? raw.trim() : raw;
      if (text === '') {
        delete query[name];
        continue;
      }
      if (kind === 'uuid') {
        const uuid = pythonUuid(text);
        if (uuid === null) issues.push({ field: name, message: 'Enter a valid UUID.' });
        else query[name] = uuid;
      } else if (kind === 'number') {
        const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.replace(/_/g, '')) ? Number(text.replace(/_/g, '')) : NaN;
        if (!Number.isFinite(n)) issues.push({ field: name, message: 'Enter a number.' });
        else
          query[name] = bounds.min?.includes(name)
            ? Math.ceil(n)
            : bounds.max?.includes(name)
              ? Math.floor(n)
              : Number.isInteger(n)
                ? n
                : 0;
      } else query[name] = text;
    }
    if (issues.length) throw invalid('invalid filters', issues);
  };
}

/**
 * DRF's page number: empty means 1, "last" the last page, anything else as Python's
 * int() reads it; null is "Invalid page.".
 */
export function drfPage(raw: string | undefined): number | 'last' | null {
  if (raw === undefined || raw === '') return 1;
  if (raw === 'last') return 'last';
  const n = pythonInt(raw);
  return n !== null && n >= 1 ? n : null;
}
