import { STATUS_CODES } from 'node:http';
import type { FastifyError } from 'fastify';
import { DomainError, type ErrorCode, type FieldIssue } from '../domain/errors.js';
import { issueOf } from '../model/validate.js';

/** The HTTP status of each error code on /v1; surfaces start from it and differ where their originals do. */
export const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  version_conflict: 409,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  idempotency_secret_not_replayable: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  headers_too_large: 431,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** Fastify's own failures (parsing, limits), as domain errors. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  FST_ERR_BAD_URL: 'bad_request',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
};

/**
 * Any thrown value as a domain error. Validation failures list every bad field;
 * anything unexpected becomes `internal` with no detail for the client.
 */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as FastifyError & { validationContext?: string };
  if (e.validation) {
    const issues: FieldIssue[] = e.validation.map((v) => issueOf(v as never, e.validationContext));
    return new DomainError('validation_failed', `invalid request: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues);
  }
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return new DomainError(mapped, e.message);
  if (error instanceof SyntaxError || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)) {
    return new DomainError('bad_request', e.message);
  }
  return new DomainError('internal', 'an unexpected error occurred; it has been logged');
}

/** RFC 9457 problem details, the error body of /v1. */
export function problemBody(error: DomainError): Record<string, unknown> {
  const status = STATUS[error.code];
  return {
    type: `urn:datashelf:problem:${error.code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    ...(error.issues.length > 0 && { errors: error.issues }),
  };
}
