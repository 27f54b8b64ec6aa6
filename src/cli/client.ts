import { Readable } from 'node:stream';

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

/** Where the CLI talks to, and with which key. */
export interface Target {
  url: string;
  key: string;
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'no such host',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
};

/** The server's problem detail (or status line) as one line. */
async function refusal(res: Response): Promise<CliError> {
  const text = await res.text();
  let detail = text.trim() || res.statusText;
  try {
    const problem = JSON.parse(text) as { detail?: unknown; message?: unknown };
    const said = problem.detail ?? problem.message;
    if (said !== undefined) detail = typeof said === 'string' ? said : JSON.stringify(said);
  } catch {
    // Not JSON (a proxy's page): its text is the detail.
  }
  const code = res.status === 401 || res.status === 403 ? EXIT.denied : EXIT.refused;
  return new CliError(`${detail.split('\n')[0]} (HTTP ${res.status})`, code);
}

export interface CallOptions {
  method?: string;
  json?: unknown;
  body?: Readable;
  headers?: Record<string, string>;
}

/** Calls the API; a refusal or an unreachable server becomes a CliError. */
export async function call(target: Target, path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { authorization: `Bearer ${target.key}`, ...options.headers };
  let body: string | ReadableStream | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.body) {
    body = Readable.toWeb(options.body) as ReadableStream;
  }
  const url = `${target.url.replace(/\/+$/, '')}${path}`;
  let res: Response;
  try {
    const init: RequestInit & { duplex?: 'half' } = {
      method: options.method ?? 'GET',
      headers,
      body,
      ...(options.body && { duplex: 'half' }),
    };
    res = await fetch(url, init);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = REASONS[cause?.code ?? ''] ?? cause?.message ?? (error as Error).message;
    throw new CliError(`cannot reach ${target.url}: ${reason}`, EXIT.unreachable);
  }
  if (!res.ok) throw await refusal(res);
  return res;
}

/** A JSON answer. */
export async function callJson<T>(target: Target, path: string, options: CallOptions = {}): Promise<T> {
  const res = await call(target, path, options);
  return (res.status === 204 ? null : await res.json()) as T;
}

/** Every item of a cursor-paged listing. */
export async function* everyPage<T>(target: Target, path: string): AsyncGenerator<T> {
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: { data: T[]; next_cursor: string | null } = await callJson(
      target,
      `${path}${sep}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    yield* page.data;
    cursor = page.next_cursor;
  } while (cursor);
}
