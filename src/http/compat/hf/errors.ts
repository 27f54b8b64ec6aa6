import { Type } from '@sinclair/typebox';
import type { DomainError, ErrorCode, ErrorReason } from '../../../domain/errors.js';
import type { Envelope, WireError } from '../../envelope.js';
import { STATUS as V1_STATUS } from '../../errors.js';

/** The Hub's error body: `{"error": message}`. */
export const HubError = Type.Object({ error: Type.String() }, { title: 'HubError' });

/** /v1's statuses, but the Hub's 400 for bad input and 412 for a stale parent commit. */
const STATUS: Record<ErrorCode, number> = { ...V1_STATUS, validation_failed: 400, version_conflict: 412 };

/** The `X-Error-Code` the Hub's clients read to tell a missing repository, revision or file apart. */
const ERROR_CODES: Record<ErrorReason, string | null> = {
  credential_missing: null,
  credential_invalid: null,
  no_such_route: 'RepoNotFound',
  no_such_repo: 'RepoNotFound',
  no_such_revision: 'RevisionNotFound',
  no_such_entry: 'EntryNotFound',
};

/** The wording the Hub's clients show; 5xx never says more than this. */
function messageOf(error: DomainError): string {
  if (error.code === 'unauthorized') return 'Invalid credentials in Authorization header';
  if (error.code === 'internal') return 'Internal Error';
  if (error.code === 'not_found' && !error.reason) return 'Repository not found';
  return error.message;
}

/** A header carries printable ASCII only. */
const headerText = (text: string) => text.replace(/[^\x20-\x7e]/g, '?');

function domainError(error: DomainError): WireError {
  // A repository another project owns, or a route that does not exist, is a repository not found (the Hub's answer for private ones).
  const code = (error.reason && ERROR_CODES[error.reason]) ?? (error.code === 'not_found' ? 'RepoNotFound' : undefined);
  const message = messageOf(error);
  const headers: Record<string, string> = { 'x-error-message': headerText(message) };
  if (code) headers['x-error-code'] = code;
  return { status: STATUS[error.code], body: { error: message }, headers };
}

/** Bad input is a 400 with the validator's words, as the Hub answers it. */
function validationError(errors: unknown[], part: string): WireError {
  const first = errors[0] as { instancePath?: string; message?: string } | undefined;
  const where = first?.instancePath ? `${part}${first.instancePath}` : part;
  const message = `Invalid ${where}: ${first?.message ?? 'invalid value'}`;
  return { status: 400, body: { error: message }, headers: { 'x-error-message': headerText(message) } };
}

export const envelope: Envelope = {
  contentType: 'application/json',
  schema: () => HubError,
  error: domainError,
  validation: validationError,
};
