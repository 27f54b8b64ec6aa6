import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ErrorCode, type FieldIssue } from '../domain/errors.js';
import { fieldIssue } from './validation.js';

export const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation_failed: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  idempotency_key_reused: 422,
  idempotency_in_progress: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict',
  413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content',
  429: 'Too Many Requests', 500: 'Internal Server Error',
};

/** Fastify's own failures (parsing, limits), as domain errors. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'bad_request',
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
};

/**
 * Any thrown value as a domain error. Validation failures list every bad field;
 * anything unexpected becomes `internal` with no detail for the client.
 */
export function toDomainError(error: unknown): DomainError {
  if (error instanceof DomainError) return error;
  const e = error as FastifyError & { validationContext?: string };
  if (e.validation) {
    const issues: FieldIssue[] = e.validation.map((v) => fieldIssue(v as never, e.validationContext));
    return new DomainError('validation_failed', `invalid request: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, issues);
  }
  const mapped = e.code ? FASTIFY_CODES[e.code] : undefined;
  if (mapped) return new DomainError(mapped, e.message);
  if (error instanceof SyntaxError || (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500)) {
    return new DomainError('bad_request', e.message);
  }
  return new DomainError('internal', 'an unexpected error occurred; it has been logged');
}

export function problemBody(error: DomainError): Record<string, unknown> {
  const status = STATUS[error.code];
  return {
    type: `urn:datashelf:problem:${error.code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail: error.message,
    code: error.code,
    ...(error.issues.length > 0 && { errors: error.issues }),
  };
}

/** The native error handler: RFC 9457 problem+json for every failure. */
export function problemHandler(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const domain = toDomainError(error);
  if (domain.code === 'internal') request.log.error({ err: error }, 'unhandled error');
  reply
    .code(STATUS[domain.code])
    .type('application/problem+json')
    .send(JSON.stringify(problemBody(domain)));
}
