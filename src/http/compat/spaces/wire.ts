import type { ErrorObject } from 'ajv';
import type { DomainError } from '../../../domain/errors.js';
import type { Dataset } from '../../../domain/datasets.js';
import type { WireError } from '../scope.js';

export const MAX_PAGE_SIZE = 200;

/** Metadata is an object natively; this API shows "none" as null. */
const metadataOut = (m: Record<string, unknown>) => (Object.keys(m).length ? m : null);

export function datasetOut(d: Dataset, projectId: string) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    tags: d.tags,
    projectId,
    metadata: metadataOut(d.metadata),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
  };
}

export const summaryOut = (d: Dataset) => ({ id: d.id, name: d.name, description: d.description, tags: d.tags });

const CODES: Record<DomainError['code'], [number, string]> = {
  bad_request: [400, 'BAD_REQUEST'],
  validation_failed: [400, 'VALIDATION_ERROR'],
  unauthorized: [401, 'UNAUTHORIZED'],
  forbidden: [403, 'FORBIDDEN'],
  not_found: [404, 'NOT_FOUND'],
  conflict: [409, 'CONFLICT'],
  version_conflict: [409, 'CONFLICT'],
  idempotency_key_reused: [422, 'IDEMPOTENCY_KEY_REUSED'],
  idempotency_in_progress: [409, 'CONFLICT'],
  payload_too_large: [413, 'PAYLOAD_TOO_LARGE'],
  unsupported_media_type: [415, 'UNSUPPORTED_MEDIA_TYPE'],
  rate_limited: [429, 'RATE_LIMITED'],
  internal: [500, 'INTERNAL_ERROR'],
};

const sentence = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

export function domainError(error: DomainError): WireError {
  const [status, code] = CODES[error.code];
  return { status, body: { error: sentence(error.message), code } };
}

/** Validation failures: 400 with every bad field named in one message. */
export function validationError(errors: ErrorObject[], part: string): WireError {
  const parts = errors.map((e) => {
    const field = [part === 'body' ? '' : part, ...e.instancePath.split('/').filter(Boolean), e.keyword === 'required' ? String(e.params.missingProperty) : '']
      .filter(Boolean)
      .join('.');
    return e.keyword === 'required' ? `${field} is required` : `${field || part} ${e.message ?? 'is invalid'}`;
  });
  return { status: 400, body: { error: sentence([...new Set(parts)].join('; ')), code: 'VALIDATION_ERROR' } };
}
