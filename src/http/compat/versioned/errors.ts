import type { ErrorObject } from 'ajv';
import type { FastifyRequest } from 'fastify';
import type { DomainError, ErrorCode } from '../../../domain/errors.js';
import { Type } from '@sinclair/typebox';
import type { Envelope, WireError } from '../../envelope.js';
import { Detail, FieldErrors } from './schemas.js';

/** DRF's `{"detail": …}` wording for each failure; validation failures are keyed by field. */
const DETAILS: Record<ErrorCode, [number, (error: DomainError, request?: FastifyRequest) => string]> = {
  bad_request: [400, (e) => e.message],
  validation_failed: [400, (e) => e.message],
  unauthorized: [401, (e) => (e.reason === 'credential_invalid' ? 'Invalid token.' : 'Authentication credentials were not provided.')],
  forbidden: [403, () => 'You do not have permission to perform this action.'],
  not_found: [404, () => 'Not found.'],
  method_not_allowed: [405, (_e, r) => `Method "${r?.method ?? 'unknown'}" not allowed.`],
  conflict: [409, (e) => e.message],
  version_conflict: [409, (e) => e.message],
  idempotency_key_reused: [422, (e) => e.message],
  idempotency_in_progress: [409, (e) => e.message],
  idempotency_secret_not_replayable: [409, (e) => e.message],
  payload_too_large: [413, () => 'Request body is too large.'],
  uri_too_long: [414, () => 'Request-URI Too Long.'],
  unsupported_media_type: [415, (_e, r) => `Unsupported media type "${r?.headers['content-type'] ?? ''}" in request.`],
  headers_too_large: [431, () => 'Request header fields too large.'],
  rate_limited: [429, () => 'Request was throttled.'],
  internal: [500, () => 'A server error occurred.'],
  unavailable: [503, () => 'Service temporarily unavailable, try again later.'],
};

export const invalidPage: WireError = { status: 404, body: { detail: 'Invalid page.' } };

function domainError(error: DomainError, request?: FastifyRequest): WireError {
  if (error.code === 'validation_failed' && error.issues.length > 0) {
    return { status: 400, body: Object.fromEntries(error.issues.map((i) => [i.field || 'non_field_errors', [i.message]])) };
  }
  const [status, detail] = DETAILS[error.code];
  return { status, body: { detail: detail(error, request) } };
}

export const envelope: Envelope = {
  contentType: 'application/json',
  schema: (status) => (status === 400 ? Type.Union([FieldErrors, Detail]) : Detail),
  error: domainError,
  validation: validationError,
};

/** Validation failures keyed by field, nested as DRF nests them (lists of per-item objects). */
function validationError(errors: ErrorObject[], part: string, request: FastifyRequest): WireError {
  const body: Record<string, unknown> = {};
  const source = (part === 'querystring' ? request.query : request.body) as Record<string, unknown>;
  for (const e of errors) {
    if (e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const path = e.instancePath.split('/').filter(Boolean);
    if (e.keyword === 'required') path.push(String(e.params.missingProperty));
    insert(body, path.length ? path : ['non_field_errors'], message(e, part, valueAt(source, path)));
  }
  return { status: 400, body };
}

function valueAt(root: unknown, path: string[]): unknown {
  return path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), root);
}

function insert(target: Record<string, unknown> | unknown[], path: string[], text: string): void {
  const [head, ...rest] = path;
  const slot = (target as Record<string, unknown>)[head];
  if (rest.length === 0) {
    const list = Array.isArray(slot) ? slot : [];
    if (!list.includes(text)) list.push(text);
    (target as Record<string, unknown>)[head] = list;
    return;
  }
  const nextIsIndex = /^\d+$/.test(rest[0]);
  let child = slot as Record<string, unknown> | unknown[] | undefined;
  if (!child || typeof child !== 'object') child = nextIsIndex ? [] : {};
  if (nextIsIndex) {
    const list = child as unknown[];
    for (let i = 0; i <= Number(rest[0]); i++) if (list[i] === undefined) list[i] = {};
    insert(list[Number(rest[0])] as Record<string, unknown>, rest.slice(1).length ? rest.slice(1) : ['non_field_errors'], text);
  } else insert(child, rest, text);
  (target as Record<string, unknown>)[head] = child;
}

/** ajv's complaint in the words DRF (body) or django-filter (query) would use. */
function message(e: ErrorObject, part: string, value: unknown): string {
  const query = part === 'querystring';
  const p = e.params as { limit?: number; format?: string; type?: string };
  switch (e.keyword) {
    case 'required':
      return 'This field is required.';
    case 'format':
      return p.format === 'uuid' ? 'Must be a valid UUID.' : 'Enter a valid value.';
    case 'enum':
      return query
        ? `Select a valid choice. ${String(value)} is not one of the available choices.`
        : `"${String(value)}" is not a valid choice.`;
    case 'type':
      if (value === null) return 'This field may not be null.';
      if (p.type === 'integer' || p.type === 'number') return query ? 'Enter a number.' : 'A valid integer is required.';
      if (p.type === 'array') return `Expected a list of items but got type "${typeof value}".`;
      if (p.type === 'object') return `Invalid data. Expected a dictionary, but got ${typeof value}.`;
      return 'Not a valid string.';
    case 'minimum':
      return `Ensure this value is greater than or equal to ${p.limit}.`;
    case 'maximum':
      return `Ensure this value is less than or equal to ${p.limit}.`;
    case 'minLength':
      return 'This field may not be blank.';
    case 'maxLength':
      return `Ensure this field has no more than ${p.limit} characters.`;
    case 'maxItems':
      return `Ensure this field has no more than ${p.limit} elements.`;
    default:
      return e.message ?? 'Invalid value.';
  }
}
