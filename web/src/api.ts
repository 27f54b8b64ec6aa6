import { ConnectionError, Datashelf, DatashelfError, type CursorPage, type Query } from '@datashelf/client';

/** A client of the server that served this page, with the signed-in key. */
export function clientFor(key: string): Datashelf {
  return new Datashelf({ url: window.location.origin, key, maxRetries: 2, maxRetryDelayMs: 5_000 });
}

/** One cursor page of a native listing (the client's iterators fetch every page; a table wants one at a time). */
export function pageOf<T>(client: Datashelf, path: string, query: Query = {}): Promise<CursorPage<T>> {
  return client.transport.json<CursorPage<T>>('GET', path, { query });
}

export const datasetPath = (id: string) => `/v1/datasets/${encodeURIComponent(id)}`;

export interface Explained {
  title: string;
  detail: string;
  /** Field-level reasons, for a refused body or parameter. */
  fields: string[];
}

const TITLES: Record<number, string> = {
  400: 'The request was not understood',
  401: 'This key is not accepted (mistyped, revoked or expired)',
  403: 'This key may not do that',
  404: 'Not found: it may have been deleted, or belong to another project',
  409: 'Someone else changed it first',
  413: 'Too large for the server',
  415: 'The server does not take this kind of file',
  422: 'The server refused the data',
  429: 'Too many requests: wait a moment and try again',
  503: 'The server is busy or shutting down: try again',
};

/** Any failure, in words a person can act on, with the server's own detail kept. */
export function explain(error: unknown): Explained {
  if (error instanceof DatashelfError) {
    const fields = (error.problem?.errors ?? []).map((e) => (e.field ? `${e.field}: ${e.message}` : e.message));
    const title = TITLES[error.status] ?? (error.status >= 500 ? 'The server failed to answer' : `Refused (HTTP ${error.status})`);
    return { title, detail: error.detail, fields };
  }
  if (error instanceof ConnectionError) return { title: 'Cannot reach the server', detail: error.reason, fields: [] };
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error), fields: [] };
}

/** Whether a failure is a stale base version (the head moved since the draft began). */
export const isConflict = (error: unknown) => error instanceof DatashelfError && error.status === 409;
