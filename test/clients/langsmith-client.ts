import { Client } from 'langsmith';

// Nothing the SDK does may leave the machine: no tracing of the tests themselves, and
// every call goes to the test server (passed as apiUrl), never to the default endpoint.
process.env.LANGSMITH_TRACING = 'false';
process.env.LANGCHAIN_TRACING_V2 = 'false';
process.env.LANGSMITH_ENDPOINT = 'http://127.0.0.1:9/unset';
delete process.env.LANGSMITH_API_KEY;

/** The real `langsmith` client pointed at a test server's LangSmith surface, with a datashelf key. */
export function langsmithClient(serverUrl: string, key: string): Client {
  return new Client({ apiUrl: `${serverUrl}/compat/langsmith`, apiKey: key, callerOptions: { maxRetries: 0 } });
}

export async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The HTTP status of a refused SDK call (its errors carry it, or name it in their message). */
export async function statusOf(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (error) {
    const e = error as { status?: number; message?: string };
    return e.status ?? Number(/status \[(\d{3})\]/.exec(e.message ?? '')?.[1] ?? 0);
  }
}
