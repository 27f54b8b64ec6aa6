import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { badRequest, type DomainError, type ErrorCode } from '../../domain/errors.js';
import { LIMITS } from '../../model/limits.js';
import { decodeUtf8, jsonProblem } from '../../formats/json-input.js';
import type { Envelope } from '../envelope.js';
import { validate, validateParameters, type PydanticError } from './pydantic.js';
import { pythonJsonError } from './python-json.js';
import { lastValueWins } from './query.js';

/** How a FastAPI service words one failure: its status and its `detail`. */
export type FastapiDetail = [number, (error: DomainError) => unknown];

const phrase = (status: number): FastapiDetail => [status, () => STATUS_CODES[status]];
const told = (status: number): FastapiDetail => [status, (e) => e.message];

/**
 * Starlette's own answers (`{"detail": "Not Found"}`, …) for what the framework
 * raises, and the message for what the service would raise itself. Surfaces override
 * the entries their originals word differently, keeping the map total.
 */
export const FASTAPI_DETAILS: Record<ErrorCode, FastapiDetail> = {
  bad_request: told(400),
  validation_failed: told(422),
  unauthorized: phrase(401),
  forbidden: phrase(403),
  not_found: phrase(404),
  method_not_allowed: phrase(405),
  conflict: told(409),
  version_conflict: told(409),
  idempotency_key_reused: told(422),
  idempotency_in_progress: told(409),
  idempotency_secret_not_replayable: told(409),
  payload_too_large: phrase(413),
  uri_too_long: phrase(414),
  unsupported_media_type: phrase(415),
  headers_too_large: phrase(431),
  rate_limited: phrase(429),
  internal: [500, () => 'Internal Server Error'],
  unavailable: phrase(503),
};

/** One item of FastAPI's HTTPValidationError. */
export const ValidationErrorItem = Type.Object({
  loc: Type.Array(Type.Union([Type.String(), Type.Integer()])),
  msg: Type.String(),
  type: Type.String(),
  input: Type.Optional(Type.Unknown()),
  ctx: Type.Optional(Type.Object({}, { additionalProperties: true })),
});
export const HTTPValidationError = Type.Object({ detail: Type.Array(ValidationErrorItem) }, { title: 'HTTPValidationError' });
/** What a FastAPI service answers on failure: a message, or (422) the validation errors. */
export const FastapiError = Type.Object({ detail: Type.Union([Type.String(), Type.Array(ValidationErrorItem)]) });

/** A FastAPI surface's envelope: `{"detail": …}` for failures, HTTPValidationError (pydantic's items) for bad requests. */
export function fastapiEnvelope(details: Record<ErrorCode, FastapiDetail>): Envelope {
  return {
    contentType: 'application/json',
    schema: () => FastapiError,
    error: (error) => {
      const [status, detail] = details[error.code];
      return { status, body: { detail: detail(error) } };
    },
    validation: (errors) => ({ status: 422, body: { detail: errors } }),
  };
}

/** A request FastAPI refuses before the handler, as a validation failure carrying pydantic's items. */
export const requestInvalid = (items: PydanticError[]) =>
  Object.assign(new Error('request validation failed'), { validation: items, validationContext: 'body' });

const LOCATIONS: Record<string, string> = { querystring: 'query', params: 'path', headers: 'header' };

/** Fastify's schema compiler for a FastAPI surface: pydantic's lax validation instead of ajv. */
export const pydanticCompiler: FastifySchemaCompiler<Record<string, unknown>> =
  ({ schema, httpPart }) =>
  (data: unknown) => {
    const outcome =
      httpPart === 'body'
        ? data === null || data === undefined
          ? { ok: false as const, errors: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] }
          : validate(schema, data, ['body'])
        : validateParameters(schema, (data ?? {}) as Record<string, unknown>, LOCATIONS[httpPart ?? ''] ?? String(httpPart));
    return outcome.ok ? { value: outcome.value } : { error: requestInvalid(outcome.errors) };
  };

/** Whether FastAPI reads a body as JSON: no content type at all, or application/json or application/*+json. */
function readsAsJson(contentType: string | undefined): boolean {
  if (contentType === undefined) return true;
  const [type, subtype = ''] = contentType.split(';')[0].trim().toLowerCase().split('/');
  return type === 'application' && (subtype === 'json' || subtype.endsWith('+json'));
}

/**
 * A body as FastAPI reads it: JSON when the media type says so (refused as `json_invalid`
 * at the character Python's parser stops at), the raw text otherwise (which a model
 * then refuses), nothing when empty.
 */
export function parseBody(contentType: string | undefined, bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch {
    throw badRequest('There was an error parsing the body');
  }
  if (!readsAsJson(contentType)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const error = pythonJsonError(text) ?? { msg: 'Expecting value', pos: 0 };
    throw requestInvalid([
      { type: 'json_invalid', loc: ['body', error.pos], msg: 'JSON decode error', input: {}, ctx: { error: error.msg } },
    ]);
  }
  const refused = jsonProblem(value);
  if (refused) {
    const loc = [
      'body',
      ...refused.field
        .split('/')
        .filter(Boolean)
        .map((k) => (/^\d+$/.test(k) ? Number(k) : k)),
    ];
    // The refused string is the input; a subtree too deep to serialise is not sent back.
    const input = loc
      .slice(1)
      .reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), value);
    throw requestInvalid([
      {
        type: 'value_error',
        loc,
        msg: `Value error, ${refused.message}`,
        input: typeof input === 'string' ? input : null,
        ctx: { error: refused.message },
      },
    ]);
  }
  return value;
}

/** What a FastAPI surface changes in its scope: body parsing, pydantic validation, repeated query names. */
export function fastapiFramework(scope: FastifyInstance): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: LIMITS.jsonBodyBytes }, (request, body, done) => {
    try {
      done(null, parseBody(request.headers['content-type'], body as Buffer));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  scope.setValidatorCompiler(pydanticCompiler);
  lastValueWins(scope);
}
