import { ConnectionError, errorOf, unreachableReason } from './errors.js';

export interface TransportOptions {
  /** The server, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** An API key (or a JWT from POST /v1/auth/token). */
  key: string;
  /** Retries of a request answered 429 or 503. Default 3. */
  maxRetries?: number;
  /** The longest wait between tries, in ms, whatever Retry-After says. Default 30,000. */
  maxRetryDelayMs?: number;
  /** For tests and other runtimes. */
  fetch?: typeof fetch;
}

type QueryValue = string | number | boolean;
/** Query parameters; a list repeats its name (`tag=a&tag=b`). */
export type Query = Record<string, QueryValue | QueryValue[] | undefined | null>;

/** A body sent as is: text, bytes or a Blob can be sent again on a retry, a stream cannot. */
export type RawBody = string | Uint8Array | Blob | ReadableStream<Uint8Array>;

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  body?: RawBody;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent with every POST (one is made up when not given), so a retry never does the work twice. */
  idempotencyKey?: string;
  /** Aborts the request: its reason is what `request` throws. */
  signal?: AbortSignal;
}

const RETRIED = new Set([429, 503]);

/** Seconds or an HTTP date, as Retry-After gives them, in ms from now. */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * HTTP to one datashelf server: the key on every request, an Idempotency-Key on every
 * POST, retries on 429 and 503 that honour Retry-After (else back off exponentially),
 * and failures as DatashelfError or ConnectionError values.
 */
export class Transport {
  readonly url: string;
  private readonly key: string;
  private readonly maxRetries: number;
  private readonly maxRetryDelayMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: TransportOptions) {
    this.url = options.url.replace(/\/+$/, '');
    this.key = options.key;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
    // Called unbound, browsers refuse window.fetch ("Illegal invocation"): keep it bound to its global.
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The credentials every request carries. */
  authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.key}` };
  }

  /** The full URL of a path with its query. */
  urlOf(path: string, query?: Query): string {
    return `${this.url}${path}${queryString(query)}`;
  }

  /** The response of a request the server accepted (2xx); anything else is thrown. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { ...this.authHeaders(), ...options.headers };
    if (method === 'POST') headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
    let body: RawBody | undefined = options.body;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.contentType) headers['content-type'] = options.contentType;
    const replayable = !(body instanceof ReadableStream);
    const url = this.urlOf(path, options.query);

    for (let attempt = 0; ; attempt += 1) {
      const last = attempt >= this.maxRetries || !replayable;
      let res: Response;
      try {
        const init: RequestInit & { duplex?: 'half' } = {
          method,
          headers,
          body: body as RequestInit['body'],
          signal: options.signal,
          ...(!replayable && { duplex: 'half' }),
        };
        res = await this.fetch(url, init);
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        // Unanswered (refused, unknown host, reset): said at once, not retried, so a
        // mistyped URL fails fast; 429 and 503 are the server asking for a retry.
        throw new ConnectionError(this.url, unreachableReason(error));
      }
      if (res.ok) return res;
      if (last || !RETRIED.has(res.status)) throw await errorOf(res);
      await res.body?.cancel();
      await sleep(this.backoff(attempt, retryAfterMs(res.headers.get('retry-after'))));
    }
  }

  /** A JSON answer (null for 204). */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.request(method, path, options);
    return (res.status === 204 ? null : await res.json()) as T;
  }

  /** Retry-After when the server gave one, else exponential backoff with jitter. */
  private backoff(attempt: number, retryAfter: number | undefined): number {
    const wait = retryAfter ?? 500 * 2 ** attempt * (0.5 + Math.random() / 2);
    return Math.min(wait, this.maxRetryDelayMs);
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
