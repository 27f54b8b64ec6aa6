/** An RFC 9457 problem, as datashelf's native API sends every error. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

/** The server refused a request: its status, its problem code and detail. */
export class DatashelfError extends Error {
  readonly status: number;
  /** The problem's code (`not_found`, `validation_failed`, …), or `http_<status>` when the body was not a problem. */
  readonly code: string;
  readonly detail: string;
  readonly problem: Problem | undefined;

  constructor(status: number, problem: Problem | undefined, text: string) {
    const detail = problem?.detail ?? (text.trim() || `HTTP ${status}`);
    super(`${detail} (HTTP ${status})`);
    this.name = 'DatashelfError';
    this.status = status;
    this.code = problem?.code ?? `http_${status}`;
    this.detail = detail;
    this.problem = problem;
  }
}

/** The server could not be reached (refused, unknown host, reset, timed out). */
export class ConnectionError extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`cannot reach ${url}: ${reason}`);
    this.name = 'ConnectionError';
  }
}

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'no such host',
  ECONNRESET: 'connection reset',
  EPIPE: 'the connection closed while the request was being sent',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'timed out',
};

/** Why fetch failed, in a few words. */
export function unreachableReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return REASONS[cause?.code ?? ''] ?? cause?.message ?? (error as Error).message;
}

/** The error a failed response stands for. */
export async function errorOf(res: Response): Promise<DatashelfError> {
  const text = await res.text();
  let problem: Problem | undefined;
  try {
    const body = JSON.parse(text) as Partial<Problem> & { message?: unknown };
    if (typeof body.detail === 'string' && typeof body.code === 'string') problem = body as Problem;
    else if (typeof body.message === 'string')
      problem = { type: 'about:blank', title: res.statusText, status: res.status, detail: body.message, code: `http_${res.status}` };
  } catch {
    // Not JSON (a proxy's page): the text is the detail.
  }
  return new DatashelfError(res.status, problem, text);
}
