import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.js';
import type { Clock } from '../../src/domain/clock.js';
import { createServices, type Services } from '../../src/domain/services.js';
import type { Caller } from '../../src/domain/caller.js';
import { targetCheck } from '../../src/outbound/webhook-client.js';
import type { Store, StoreOptions } from '../../src/store/store.js';
import { openTestStore } from './store.js';
import { FilesystemBlobs } from '../../src/store/blobs/filesystem.js';
import type { BlobBackend } from '../../src/store/blobs/backend.js';
import { LIMITS } from '../../src/model/limits.js';
import { contractViolation } from './contract.js';

/** A fixed JWT key, so tests can also forge and tamper with tokens. */
export const TEST_JWT = { secret: 'test-jwt-secret-0123456789abcdef0123456789', algorithm: 'HS256' as const, ttlSeconds: 3600 };

/** Most tests are not about rate limits; those that are pass their own. */
export const NO_RATE_LIMIT = { limit: 0, windowSeconds: 60 };

export const ADMIN_KEY = 'test-admin-key-0123456789abcdef';

export interface Response<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  key?: string | null;
  body?: unknown;
  /** Sent as is, with this content type. */
  raw?: { type: string; data: string | Uint8Array };
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  app: FastifyInstance;
  store: Store;
  /** The services the app runs on, for what no route triggers (the attachment collector). */
  services: Services;
  request<T = any>(method: string, path: string, options?: RequestOptions): Promise<Response<T>>;
  /** Responses so far that the OpenAPI document does not declare as they were (see contract.ts). */
  violations: string[];
  close(): Promise<void>;
}

/** The real app on a fresh store, listening on a free port; tests speak HTTP to it. */
export interface ServerOptions extends StoreOptions {
  rateLimit?: { limit: number; windowSeconds: number };
  /** The time the services read; tests of time windows hold it still. */
  clock?: Clock;
  /** Where attachments go (default: a fresh directory, removed on close) and how large one may be. */
  blobs?: BlobBackend;
  attachmentMaxBytes?: number;
  attachmentQuotaBytes?: number;
  /** Rows per Parquet shard of a Hub repository (tests cut small shards). */
  hubShardRows?: number;
}

/** A clock that always reads the same instant (mid-minute, so no window boundary is near). */
export const fixedClock = (at = Date.UTC(2026, 10, 24, 12, 0, 30)): Clock => ({ ms: () => at });

export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const store = await openTestStore(options);
  const blobDir = fs.mkdtempSync(path.join(os.tmpdir(), 'datashelf-blobs-'));
  const services = createServices(store, {
    jwt: TEST_JWT,
    rateLimit: options.rateLimit ?? NO_RATE_LIMIT,
    clock: options.clock,
    checkWebhookTarget: targetCheck(false),
    hub: { shardRows: options.hubShardRows },
    attachments: {
      blobs: options.blobs ?? new FilesystemBlobs(blobDir),
      maxBytes: options.attachmentMaxBytes ?? LIMITS.attachmentBytesDefault,
      quotaBytes: options.attachmentQuotaBytes,
    },
  });
  await services.tenancy.ensureAdminKey(ADMIN_KEY);
  const app = await buildApp({ services, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const violations: string[] = [];
  const request = async <T>(method: string, path: string, options: RequestOptions = {}): Promise<Response<T>> => {
    const headers: Record<string, string> = { ...options.headers };
    const key = options.key === undefined ? ADMIN_KEY : options.key;
    if (key !== null) headers.authorization = `Bearer ${key}`;
    let body: string | Uint8Array | undefined;
    if (options.raw) {
      headers['content-type'] = options.raw.type;
      body = options.raw.data;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const res = await fetch(url + path, { method, headers, body });
    const text = await res.text();
    const violation = contractViolation(method, path, res.status, res.headers.get('content-type'), text);
    if (violation) violations.push(violation);
    let parsed: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text !== '') {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  };

  return {
    url,
    app,
    store,
    services,
    request,
    violations,
    close: async () => {
      await app.close();
      await services.imports.close();
      await store.close();
      fs.rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

export interface ProjectKeys {
  projectId: string;
  ns: string;
  project: string;
  admin: string;
  write: string;
  read: string;
}

let counter = 0;

/** A namespace + project with a key of each role. */
export async function makeProject(server: TestServer, name = `p${++counter}`): Promise<ProjectKeys> {
  const ns = `ns-${name}`;
  const ok = <T>(res: Response<T>, status: number) => {
    if (res.status !== status) throw new Error(`setup failed: ${res.status} ${res.text}`);
    return res.body;
  };
  ok(await server.request('POST', '/v1/namespaces', { body: { slug: ns, name } }), 201);
  const project = ok<any>(await server.request('POST', `/v1/namespaces/${ns}/projects`, { body: { slug: name, name } }), 201);
  const key = async (role: string) =>
    ok<any>(await server.request('POST', `/v1/namespaces/${ns}/projects/${name}/api-keys`, { body: { name: role, role } }), 201)
      .key as string;
  return { projectId: project.id, ns, project: name, admin: await key('admin'), write: await key('write'), read: await key('read') };
}

export interface ServerFixture extends TestServer {
  /** A fresh namespace + project with a key of each role, on this file's server. */
  project(name?: string): Promise<ProjectKeys>;
}

/**
 * The real server for a test file: started before its tests, closed after them. Call it
 * at the top of the file; its methods reach the running server once the tests run.
 */
export function useServer(options: ServerOptions = {}): ServerFixture {
  let started: TestServer | undefined;
  beforeAll(async () => {
    started = await startServer(options);
  });
  afterAll(async () => {
    const violations = started?.violations ?? [];
    await started?.close();
    if (violations.length) throw new Error(`responses the OpenAPI document does not declare:\n${[...new Set(violations)].join('\n')}`);
  });
  const running = () => {
    if (!started) throw new Error('the server starts in beforeAll; use it inside hooks and tests');
    return started;
  };
  return {
    get url() {
      return running().url;
    },
    get app() {
      return running().app;
    },
    get store() {
      return running().store;
    },
    get services() {
      return running().services;
    },
    request: (method, path, requestOptions) => running().request(method, path, requestOptions),
    get violations() {
      return running().violations;
    },
    close: () => running().close(),
    project: (name) => makeProject(running(), name),
  };
}

/** The services over a fresh store, with a project and a write caller in it; close() ends both. */
export async function openTestServices(): Promise<{ store: Store; services: Services; caller: Caller; close: () => Promise<void> }> {
  const store = await openTestStore();
  const services = createServices(store, { jwt: TEST_JWT, rateLimit: NO_RATE_LIMIT });
  await services.tenancy.createNamespace({ slug: 'ns', name: 'ns' });
  const project = await services.tenancy.createProject('ns', { slug: 'p', name: 'p' });
  const caller: Caller = { keyId: 'test', projectId: project.id, role: 'write', userId: null };
  const close = async () => {
    await services.imports.close();
    await store.close();
  };
  return { store, services, caller, close };
}
