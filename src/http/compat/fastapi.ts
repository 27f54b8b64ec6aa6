import { STATUS_CODES } from 'node:http';
import { Type } from '@sinclair/typebox';
import type { ErrorObject } from 'ajv';
import type { FastifyRequest } from 'fastify';
import type { DomainError, ErrorCode } from '../../domain/errors.js';
import type { Envelope, WireError } from '../envelope.js';

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

/** A FastAPI surface's envelope: `{"detail": …}` for failures, HTTPValidationError for bad requests. */
export function fastapiEnvelope(details: Record<ErrorCode, FastapiDetail>): Envelope {
  return {
    contentType: 'application/json',
    schema: () => FastapiError,
    error: (error) => {
      const [status, detail] = details[error.code];
      return { status, body: { detail: detail(error) } };
    },
    validation: fastapiValidation,
  };
}

const LOCATIONS: Record<string, string> = { querystring: 'query', params: 'path', headers: 'header', body: 'body' };

/**
 * Request validation failures as FastAPI reports them: 422 `{"detail": [{loc, msg, type}]}`
 * with pydantic's wording, for the surfaces whose originals are FastAPI services.
 */
export function fastapiValidation(errors: ErrorObject[], part: string, request: FastifyRequest): WireError {
  const source = part === 'querystring' ? request.query : part === 'params' ? request.params : request.body;
  const detail = errors
    .filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if')
    .map((e) => {
      const path = e.instancePath
        .split('/')
        .filter(Boolean)
        .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
      if (e.keyword === 'required') path.push(String(e.params.missingProperty));
      if (e.keyword === 'additionalProperties') path.push(String(e.params.additionalProperty));
      const value = path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), source);
      return { loc: [LOCATIONS[part] ?? part, ...path], ...pydantic(e, value) };
    });
  return { status: 422, body: { detail } };
}

function pydantic(e: ErrorObject, value: unknown): { msg: string; type: string } {
  const p = e.params as { limit?: number; format?: string; allowedValues?: unknown[]; allowedValue?: unknown; type?: string };
  switch (e.keyword) {
    case 'required':
      return { msg: 'Field required', type: 'missing' };
    case 'additionalProperties':
      return { msg: 'Extra inputs are not permitted', type: 'extra_forbidden' };
    case 'minimum':
      return { msg: `Input should be greater than or equal to ${p.limit}`, type: 'greater_than_equal' };
    case 'exclusiveMinimum':
      return { msg: `Input should be greater than ${p.limit}`, type: 'greater_than' };
    case 'maximum':
      return { msg: `Input should be less than or equal to ${p.limit}`, type: 'less_than_equal' };
    case 'maxLength':
      return { msg: `String should have at most ${p.limit} characters`, type: 'string_too_long' };
    case 'minLength':
      return { msg: `String should have at least ${p.limit} characters`, type: 'string_too_short' };
    case 'maxItems':
      return { msg: `List should have at most ${p.limit} items`, type: 'too_long' };
    case 'enum':
      return { msg: `Input should be ${choices(p.allowedValues ?? [])}`, type: 'enum' };
    case 'const':
      return { msg: `Input should be ${choices([p.allowedValue])}`, type: 'literal_error' };
    case 'format':
      return p.format === 'uuid'
        ? { msg: 'Input should be a valid UUID', type: 'uuid_parsing' }
        : { msg: `Input should be a valid ${p.format}`, type: `${p.format}_parsing` };
    case 'type':
      return typeMismatch(String(p.type), value);
    default:
      return { msg: e.message ?? 'Invalid input', type: 'value_error' };
  }
}

function typeMismatch(expected: string, value: unknown): { msg: string; type: string } {
  if (expected.includes('integer')) {
    return typeof value === 'string'
      ? { msg: 'Input should be a valid integer, unable to parse string as an integer', type: 'int_parsing' }
      : { msg: 'Input should be a valid integer', type: 'int_type' };
  }
  if (expected.includes('number')) return { msg: 'Input should be a valid number', type: 'float_type' };
  if (expected.includes('boolean')) return { msg: 'Input should be a valid boolean', type: 'bool_parsing' };
  if (expected.includes('array')) return { msg: 'Input should be a valid list', type: 'list_type' };
  if (expected.includes('object')) return { msg: 'Input should be a valid dictionary', type: 'dict_type' };
  return { msg: 'Input should be a valid string', type: 'string_type' };
}

function choices(values: unknown[]): string {
  const quoted = values.filter((v) => v !== null).map((v) => `'${typeof v === 'string' ? v : JSON.stringify(v)}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
