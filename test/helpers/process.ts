import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { withSchema } from './store.js';

/** Node's flags for the server, as `npm start` passes them (package.json). */
const SERVER_FLAGS = ['--max-old-space-size=1024'];

export interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Resolves when the output (stdout and stderr) first holds `text`. */
  logged: (text: string) => Promise<void>;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string | null>;
}

/** Where a spawned server keeps its data: a fresh directory, and a fresh schema when DATABASE_URL is set. */
export interface ProcessEnv {
  env: Record<string, string>;
  dataDir: string;
  cleanup: () => Promise<void>;
}

export async function processEnv(extra: Record<string, string> = {}): Promise<ProcessEnv> {
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-proc-')), 'data');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? os.tmpdir(),
    DATASHELF_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'info',
    ...extra,
  };
  let drop: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const scoped = await withSchema(process.env.DATABASE_URL);
    env.DATABASE_URL = scoped.url;
    drop = scoped.drop;
  }
  return {
    env,
    dataDir,
    // The data directory goes too: a million-row benchmark leaves gigabytes behind otherwise.
    cleanup: async () => {
      await drop?.();
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}

/** A port nothing listens on: one just given back by the system. */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** The compiled server, started as `npm start` runs it, with its stdout going to `stdout` (a file descriptor); it is not waited for. */
export function spawnServer(env: Record<string, string>, stdout: number): Pick<Running, 'child' | 'exited'> {
  const child = spawn(process.execPath, [...SERVER_FLAGS, 'dist/main.js'], { env, stdio: ['ignore', stdout, 'inherit'] });
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return { child, exited };
}

/**
 * Starts a command (by default the compiled server, as `npm start` runs it) and waits
 * until it logs that it listens. `detached` puts it in a process group of its own, so a
 * test can signal the whole group as a terminal or a supervisor would.
 */
export function startProcess(
  env: Record<string, string>,
  command: string[] = [process.execPath, ...SERVER_FLAGS, 'dist/main.js'],
  detached = false,
): Promise<Running> {
  const child = spawn(command[0], command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'], detached });
  let out = '';
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1], output: () => out, logged, exited });
    };
    const logged = (text: string) =>
      new Promise<void>((resolveLogged) => {
        const check = () => {
          if (!out.includes(text)) return;
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          resolveLogged();
        };
        // Added after onData, so `out` already holds the chunk when this looks.
        child.stdout.on('data', check);
        child.stderr.on('data', check);
        check();
      });
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => reject(new Error(`exited ${code} before listening:\n${out}`)));
  });
}

/** JSON over HTTP to a spawned server. */
export async function call(
  url: string,
  key: string,
  method: string,
  route: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(url + route, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** A namespace, project and write key on a spawned server, made with its admin key. */
export async function projectOn(url: string, admin: string, slug: string): Promise<string> {
  await call(url, admin, 'POST', '/v1/namespaces', { slug, name: slug });
  await call(url, admin, 'POST', `/v1/namespaces/${slug}/projects`, { slug, name: slug });
  return (await call(url, admin, 'POST', `/v1/namespaces/${slug}/projects/${slug}/api-keys`, { name: 'writer', role: 'write' })).body.key;
}
