import type { Issue } from '../model/validate.js';

/**
 * The closed catalogue of failures datashelf reports. The domain raises most of them;
 * the transport ones (too long, too large, shutting down) come from the HTTP edge.
 * Each surface maps every code to its own envelope with a total map.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'method_not_allowed',
  'conflict',
  'version_conflict',
  'idempotency_key_reused',
  'idempotency_in_progress',
  'idempotency_secret_not_replayable',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'headers_too_large',
  'rate_limited',
  'internal',
  'unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One bad field: a JSON-pointer-like path into the input and what is wrong with it. */
export type FieldIssue = Issue;

/** Finer kinds some surfaces tell apart in their wording (the code stays the contract). */
export type ErrorReason =
  | 'credential_missing'
  | 'credential_invalid'
  | 'no_such_route'
  /** What of a Hub-style repository was not found: the repository, the revision, or the file at it. */
  | 'no_such_repo'
  | 'no_such_revision'
  | 'no_such_entry';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
    readonly reason?: ErrorReason,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what} not found`);
export const conflict = (message: string) => new DomainError('conflict', message);
export const unauthorized = (message: string, reason: ErrorReason) => new DomainError('unauthorized', message, [], reason);
export const forbidden = (message: string) => new DomainError('forbidden', message);
export const badRequest = (message: string, issues: FieldIssue[] = []) => new DomainError('bad_request', message, issues);
export const invalid = (message: string, issues: FieldIssue[] = []) => new DomainError('validation_failed', message, issues);
