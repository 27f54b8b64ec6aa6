import { Readable } from 'node:stream';
import { ConnectionError, Datashelf, DatashelfError, Transport, eachItem, type CursorPage } from '@datashelf/client';
import { IdleLimit } from './idle-limit.js';

/** How the CLI ends, by what went wrong (documented in the README, "Command line"). */
export const EXIT = { ok: 0, refused: 1, usage: 2, unreachable: 3, denied: 4 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure to report on one line, and the exit code that says what kind it was. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.refused,
  ) {
    super(message);
  }
}

export const usage = (message: string) => new CliError(message, EXIT.usage);

/** Where the CLI talks to, with which key, and how long it waits for an answer (--timeout). */
export interface Target {
  url: string;
  key: string;
  timeoutMs: number;
}

export interface CallOptions {
  method?: string;
  json?: unknown;
  body?: Readable;
  headers?: Record<string, string>;
  /** The bound on the wait, when the caller reports progress on it (an upload); else the target's timeout. */
  limit?: IdleLimit;
}

/** The failure of a wait past the target's timeout. */
export const noAnswer = (target: Target, detail = '') =>
  new CliError(`no answer from ${target.url} in ${target.timeoutMs / 1000} s (--timeout)${detail}`, EXIT.unreachable);

/** The CLI's one-line message and exit code for what the client threw. */
export function cliErrorOf(error: unknown): unknown {
  if (error instanceof ConnectionError) return new CliError(error.message, EXIT.unreachable);
  if (!(error instanceof DatashelfError)) return error;
  const code = error.status === 401 || error.status === 403 ? EXIT.denied : EXIT.refused;
  return new CliError(`${error.detail.split('\n')[0]} (HTTP ${error.status})`, code);
}

/**
 * Calls the API through the TypeScript client; a refusal or an unreachable server becomes
 * a CliError. The wait for the answer is bounded by the target's timeout.
 */
export async function call(target: Target, path: string, options: CallOptions = {}): Promise<Response> {
  const transport = new Transport({ url: target.url, key: target.key });
  const limit = options.limit ?? new IdleLimit(target.timeoutMs, () => noAnswer(target));
  try {
    return await transport.request(options.method ?? 'GET', path, {
      json: options.json,
      body: options.body && (Readable.toWeb(options.body) as ReadableStream<Uint8Array>),
      headers: options.headers,
      signal: limit.signal,
    });
  } catch (error) {
    throw cliErrorOf(error);
  } finally {
    limit.stop();
  }
}

/** The typed client, for what it does beyond one request (attachments' uploads and downloads); its failures go through cliErrorOf. */
export const shelfOf = (target: Target) => new Datashelf({ url: target.url, key: target.key });

/** A JSON answer. */
export async function callJson<T>(target: Target, path: string, options: CallOptions = {}): Promise<T> {
  const res = await call(target, path, options);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** Every item of a cursor-paged listing. */
export function everyPage<T>(target: Target, path: string): AsyncGenerator<T> {
  const sep = path.includes('?') ? '&' : '?';
  return eachItem((cursor) =>
    callJson<CursorPage<T>>(target, `${path}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  );
}
