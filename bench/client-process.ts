import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/**
 * Clients in processes of their own (bench/upload-client.ts, bench/download-client.ts),
 * timed there: their CPU is not the server's, nor the benchmark's.
 */
async function clientProcess<T>(script: string, args: string[]): Promise<T> {
  const client = path.join(import.meta.dirname, script);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', client, ...args]);
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

/** `mib` MiB POSTed to `url`; the answer's status and body, and how long it took. */
export const uploadFromAnotherProcess = (url: string, key: string, mib: number) =>
  clientProcess<{ status: number; ms: number; body: string }>('upload-client.ts', [url, key, String(mib)]);

/** A GET of `url`: its status, how many bytes it sent and how long it took. */
export const downloadFromAnotherProcess = (url: string, key: string) =>
  clientProcess<{ status: number; bytes: number; ms: number }>('download-client.ts', [url, key]);
