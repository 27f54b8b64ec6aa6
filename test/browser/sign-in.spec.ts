import { describe, expect, it } from 'vitest';
import { ADMIN, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('signin');

describe('signing in, and the instance admin managing tenancy', () => {
  it('refuses a wrong key in words, and keeps the key out of the URL and local storage', async () => {
    const page = await h.newPage();
    await page.goto('/datasets');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/signin');
    await page.getByLabel('API key').fill('ds_not-a-real-key-000000000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('This key is not accepted');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('API key').fill(h.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    expect(await page.locator('.who').textContent()).toContain('signin / signin · write');
    expect(page.url()).not.toContain(h.key);
    expect(await page.evaluate(() => JSON.stringify((globalThis as any).localStorage))).not.toContain(h.key);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('datashelf.key'))).toBe(h.key);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('API key').waitFor();
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.getItem('datashelf.key'))).toBeNull();
  });

  it('lets the admin create a namespace, a project and a key shown once, then revoke it', async () => {
    const page = await h.signedIn({ key: ADMIN });
    await page.getByRole('heading', { name: 'Namespaces' }).waitFor();
    const ns = page.getByRole('form', { name: 'New namespace' });
    await ns.getByLabel('namespace slug').fill('research');
    await ns.getByLabel('Name', { exact: true }).fill('Research');
    await ns.getByRole('button', { name: 'Create namespace' }).click();
    await page.getByRole('button', { name: /Research/ }).click();

    const project = page.getByRole('form', { name: 'New project' });
    await project.getByLabel('project slug').fill('evals');
    await project.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('button', { name: /evals/ }).click();

    const form = page.getByRole('form', { name: 'New key' });
    await form.getByLabel('Key name').fill('ci');
    await form.getByLabel('Role').selectOption('read');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.locator('code.secret').textContent())!;
    expect(secret.length).toBeGreaterThan(20);
    // The key works, with the role chosen.
    expect((await h.api('GET', '/v1/datasets', undefined, secret)).status).toBe(200);
    expect((await h.api('POST', '/v1/datasets', { name: 'x' }, secret)).status).toBe(403);
    expect(await seriousViolations(page)).toEqual([]);

    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke ci' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Revoke ci' }).count()).toBe(0);
    expect((await h.api('GET', '/v1/datasets', undefined, secret)).status).toBe(401);
  });
});
