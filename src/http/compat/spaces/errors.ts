import type { ErrorObject } from 'ajv';
import type { DomainError, ErrorCode } from '../../../domain/errors.js';
import type { Envelope, WireError } from '../../envelope.js';
import { Error as ErrorBody } from './schemas.js';

/** `{error, code}` with an upper-case code, as the spaces API answers every failure. */
const CODES: Record<ErrorCode, [number, string]> = {
  bad_request: [400, 'BAD_REQUEST'],
  validation_failed: [400, 'VALIDATION_ERROR'],
  unauthorized: [401, 'UNAUTHORIZED'],
  forbidden: [403, 'FORBIDDEN'],
  not_found: [404, 'NOT_FOUND'],
  method_not_allowed: [405, 'METHOD_NOT_ALLOWED'],
  conflict: [409, 'CONFLICT'],
  version_conflict: [409, 'CONFLICT'],
  idempotency_key_reused: [422, 'IDEMPOTENCY_KEY_REUSED'],
  idempotency_in_progress: [409, 'CONFLICT'],
  idempotency_secret_not_replayable: [409, 'CONFLICT'],
  payload_too_large: [413, 'PAYLOAD_TOO_LARGE'],
  uri_too_long: [414, 'URI_TOO_LONG'],
  unsupported_media_type: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  headers_too_large: [431, 'HEADERS_TOO_LARGE'],
  rate_limited: [429, 'RATE_LIMITED'],
  internal: [500, 'INTERNAL_ERROR'],
  unavailable: [503, 'SERVICE_UNAVAILABLE'],
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function domainError(error: DomainError): WireError {
  const [status, code] = CODES[error.code];
  return { status, body: { error: sentence(error.message), code } };
}

/** Validation failures: 400 with every bad field named in one message. */
function validationError(errors: ErrorObject[], part: string): WireError {
  const parts = errors.map((e) => {
    const field = [
      part === 'body' ? '' : part,
      ...e.instancePath.split('/').filter(Boolean),
      e.keyword === 'required' ? String(e.params.missingProperty) : '',
    ]
      .filter(Boolean)
      .join('.');
    return e.keyword === 'required' ? `${field} is required` : `${field || part} ${e.message ?? 'is invalid'}`;
  });
  return { status: 400, body: { error: sentence([...new Set(parts)].join('; ')), code: 'VALIDATION_ERROR' } };
}

export const envelope: Envelope = {
  contentType: 'application/json',
  schema: () => ErrorBody,
  error: domainError,
  validation: validationError,
};
