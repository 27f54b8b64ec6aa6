import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './harness.js';

const h = useBrowser('docs');

/** What the vendor's page adds that a self-hosted reference must not show. */
const VENDOR_TEXT = ['Ask AI', 'Deploy', 'Generate SDK', 'Generate MCP', 'Developer Tools', 'Powered by Scalar', 'Open API Client'];

/** Opens /docs, noting every request that would leave this server (each is stopped) and every breach of the page's policy. */
async function openReference(page: Page): Promise<{ outside: string[]; violations: () => Promise<string[]> }> {
  const outside: string[] = [];
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === h.url) return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  // Injected over the DevTools protocol, so the page's own policy does not stop it.
  await page.addInitScript(() => {
    const seen: string[] = ((globalThis as any).__violations = []);
    (globalThis as any).document.addEventListener('securitypolicyviolation', (e: any) =>
      seen.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
  await page.goto('/docs');
  await page.getByRole('heading', { name: 'datashelf', level: 1 }).waitFor();
  await page.waitForLoadState('networkidle');
  // The one refusal expected: the bundled zod probes whether it may compile with Function() and, refused, does without.
  const violations = async () =>
    (await page.evaluate(() => (globalThis as any).__violations as string[])).filter((v) => v !== 'script-src eval');
  return { outside, violations };
}

describe('the API reference at /docs', () => {
  it('loads nothing from outside this server and breaks none of its own policy', async () => {
    const page = await h.newPage();
    const { outside, violations } = await openReference(page);
    expect(outside).toEqual([]);
    expect(await violations()).toEqual([]);
  });

  it("shows datashelf's content only, with examples at the address it was reached at", async () => {
    const page = await h.newPage();
    await openReference(page);
    const text = await page.locator('body').innerText();
    for (const vendor of VENDOR_TEXT) expect(text, vendor).not.toContain(vendor);
    // No button or link sends the reader, or this server's document, to the vendor's site.
    const links = await page.locator('a[href]:visible').evaluateAll((anchors) => anchors.map((a) => (a as any).href as string));
    expect(links.filter((href) => /^https?:/.test(href) && new URL(href).origin !== h.url)).toEqual([]);

    const host = new URL(h.url).host;
    const gettingStarted = await page.locator('pre').filter({ hasText: 'curl -s' }).first().innerText();
    expect(gettingStarted).toContain(`curl -s ${host}/v1/namespaces`);
    expect(gettingStarted).not.toContain('localhost:8080');
    expect(text).toContain(h.url);
  });
});
