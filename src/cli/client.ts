/** Where the CLI talks to, and with which key: flags first, then DATASHELF_URL / DATASHELF_KEY. */
export interface Target {
  url: string;
  key: string;
}

export class CliError extends Error {}

/** Calls the API; a non-2xx answer becomes a CliError carrying the problem's detail. */
export async function call(target: Target, path: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Response> {
  const res = await fetch(`${target.url.replace(/\/$/, '')}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${target.key}`, ...(init.headers as Record<string, string> | undefined) },
  });
  if (!res.ok) {
    const text = await res.text();
    let detail = text;
    try {
      const problem = JSON.parse(text) as { detail?: string };
      detail = problem.detail ?? text;
    } catch {
      // not JSON: the text is the detail
    }
    throw new CliError(`${res.status}: ${detail}`);
  }
  return res;
}
