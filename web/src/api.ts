import { ConnectionError, Datashelf, DatashelfError } from '@datashelf/client';

/** A client of the server that served this page, with the signed-in key. */
export function clientFor(key: string): Datashelf {
  return new Datashelf({ url: window.location.origin, key, maxRetries: 2, maxRetryDelayMs: 5_000 });
}

export interface Explained {
  title: string;
  detail: string;
  /** Field-level reasons, for a refused body or parameter. */
  fields: string[];
}

/** Headlines by the problem's code (the contract), never by its wording. */
const TITLES: Record<string, string> = {
  bad_request: 'The request was not understood',
  validation_failed: 'The server refused the data',
  unauthorized: 'This key is not accepted (mistyped, revoked or expired)',
  forbidden: 'This key may not do that',
  not_found: 'Not found: it may have been deleted, or belong to another project',
  conflict: 'It clashes with what is already stored',
  version_conflict: 'Someone else changed it first',
  idempotency_key_reused: 'This request was already made with other content',
  idempotency_in_progress: 'The same request is still being handled: wait a moment',
  payload_too_large: 'Too large for the server',
  unsupported_media_type: 'The server does not take this kind of file',
  rate_limited: 'Too many requests: wait a moment and try again',
  unavailable: 'The server is busy or shutting down: try again',
};

/** Any failure, in words a person can act on, with the server's own detail kept. */
export function explain(error: unknown): Explained {
  if (error instanceof DatashelfError) {
    const fields = (error.problem?.errors ?? []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    const title = TITLES[error.code] ?? (error.status >= 500 ? 'The server failed to answer' : `Refused (HTTP ${error.status})`);
    return { title, detail: error.detail, fields };
  }
  if (error instanceof ConnectionError) return { title: 'Cannot reach the server', detail: error.reason, fields: [] };
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), fields: [] };
}

/** Whether a failure is a stale base version (the head moved since the draft began). */
export const isVersionConflict = (error: unknown) => error instanceof DatashelfError && error.code === 'version_conflict';

/** Whether a failure says the thing asked for is not there. */
export const isNotFound = (error: unknown) => error instanceof DatashelfError && error.code === 'not_found';
