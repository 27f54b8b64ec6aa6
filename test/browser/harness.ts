import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { call, processEnv, projectOn, startProcess, type ProcessEnv, type Running } from '../helpers/process.js';

export const ADMIN = 'browser-admin-key-0123456789abcdef';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Harness {
  url: string;
  browser: Browser;
  /** A project write key made for this file. */
  key: string;
  /** JSON over HTTP to the server, as the project key (or another). */
  api: (method: string, route: string, body?: unknown, key?: string) => Promise<{ status: number; body: any }>;
  /** A fresh page (its own session storage), signed in with the key. */
  signedIn: (options?: { width?: number; key?: string }) => Promise<Page>;
  newPage: (width?: number) => Promise<Page>;
}

/**
 * The real server (`node dist/main.js`, as `npm start` runs it) on a fresh store, and
 * Debian's Chromium driven by playwright-core, for the whole file.
 */
export function useBrowser(slug: string): Harness {
  let env: ProcessEnv;
  let server: Running;
  const h = {} as Harness;
  beforeAll(async () => {
    env = await processEnv({ DATASHELF_ADMIN_KEY: ADMIN, DATASHELF_RATE_LIMIT: '0' });
    server = await startProcess(env.env);
    h.url = server.url;
    h.key = await projectOn(server.url, ADMIN, slug);
    h.browser = await launchChromium();
    h.api = (method, route, body, key = h.key) => call(server.url, key, method, route, body);
    h.newPage = async (width = 1280) => {
      const context = await h.browser.newContext({ viewport: { width, height: 900 }, baseURL: server.url });
      const page = await context.newPage();
      page.on('pageerror', (error) => {
        throw error;
      });
      return page;
    };
    h.signedIn = async ({ width, key = h.key } = {}) => {
      const page = await h.newPage(width);
      await page.goto('/signin');
      await page.getByLabel('API key').fill(key);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page
        .locator('.who')
        .getByText(/·|admin/)
        .waitFor();
      return page;
    };
  }, 60_000);
  afterAll(async () => {
    await h.browser?.close();
    server?.child.kill('SIGTERM');
    await server?.exited;
    await env?.cleanup();
  });
  return h;
}

export interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: number;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Evaluated over the DevTools protocol, which the page's CSP (no inline script) does not govern.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (globalThis as any).axe;
    const result = await axe.run((globalThis as any).document, { resultTypes: ['violations'] });
    return result.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
}

/** Datapoints added in one commit, for a dataset made here. */
export async function datasetWith(h: Harness, name: string, add: object[]): Promise<string> {
  const id = (await h.api('POST', '/v1/datasets', { name })).body.id as string;
  if (add.length) {
    const res = await h.api('POST', `/v1/datasets/${id}/versions`, { add });
    if (res.status !== 201) throw new Error(`seeding ${name}: ${JSON.stringify(res.body)}`);
  }
  return id;
}

/** Uploads a file as the harness's project; answers its attachment id. */
export async function upload(harness: Harness, bytes: Buffer, type: string, filename: string): Promise<string> {
  const res = await fetch(`${harness.url}/v1/attachments?filename=${filename}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${harness.key}`, 'content-type': type },
    body: bytes,
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${filename}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** The image's pixel width once it has loaded (0 while it has not, or if it failed). */
export const loadedWidth = (img: Locator) => img.evaluate((el: any) => (el.complete ? el.naturalWidth : 0));

/** An audio or video element's duration, once its metadata has loaded (rejected when it fails to). */
export const mediaDuration = (player: Locator) =>
  player.evaluate(
    (el: any) =>
      new Promise<number>((resolve, reject) => {
        if (el.readyState >= 1) return resolve(el.duration);
        el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
        el.addEventListener('error', () => reject(new Error(`media failed: ${el.error?.code}`)), { once: true });
      }),
  );
