import { describe, expect, it } from 'vitest';
import { datasetWith, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('datasets');

describe('the datasets pages', () => {
  it('lists, searches and sorts datasets, and renders the card with markdown but never its HTML', async () => {
    for (const name of ['alpha evals', 'beta traces', 'gamma evals']) await datasetWith(h, name, [{ input: name }]);
    const id = (
      await h.api('POST', '/v1/datasets', {
        name: 'described',
        description: '# Golden set\n\nUsed for **release** gates.\n\n<img src=x onerror="window.pwned=1">',
      })
    ).body.id;
    const page = await h.signedIn();
    await page.getByLabel('Search names').fill('evals');
    await expect.poll(() => page.locator('tbody tr td:first-child').allTextContents()).toEqual(['gamma evals', 'alpha evals']);
    await page.getByLabel('Sort').selectOption('name');
    await expect.poll(() => page.locator('tbody tr td:first-child').allTextContents()).toEqual(['alpha evals', 'gamma evals']);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`/datasets/${id}`);
    await page.getByRole('heading', { name: 'Golden set' }).waitFor();
    expect(await page.locator('.markdown strong').textContent()).toBe('release');
    expect(await page.locator('.markdown img').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).pwned)).toBeUndefined();
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('deletes a dataset and brings it back', async () => {
    const id = await datasetWith(h, 'doomed', [{ input: 'x' }]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}`);
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete dataset' }).click();
    await page.getByText('Deleted. It can be restored for 30 days.').waitFor();
    expect((await h.api('GET', `/v1/datasets/${id}`)).status).toBe(404);
    await page.getByRole('button', { name: 'Restore dataset' }).click();
    await page.getByRole('button', { name: 'Delete dataset' }).waitFor();
    expect((await h.api('GET', `/v1/datasets/${id}`)).body.datapoint_count).toBe(1);
  });

  it('lists deleted datasets and restores one from there', async () => {
    const id = await datasetWith(h, 'binned', [{ input: 'x' }]);
    await h.api('DELETE', `/v1/datasets/${id}`);
    const page = await h.signedIn();
    await page.goto('/datasets');
    await page.getByRole('link', { name: 'Deleted datasets' }).click();
    await page.getByRole('button', { name: 'Restore binned' }).click();
    await page.getByRole('status').getByRole('link', { name: 'binned' }).waitFor();
    expect((await h.api('GET', `/v1/datasets/${id}`)).status).toBe(200);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('exports a version as a file', async () => {
    const id = await datasetWith(h, 'exported', [{ input: 'q1', expected_output: '42' }]);
    await h.api('POST', `/v1/datasets/${id}/versions`, { add: [{ input: 'q2' }] });
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/export`);
    await page.getByLabel('Version or tag').fill('1');
    await page.getByLabel('Format').selectOption('csv');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('exported-v1.csv');
    const text = (await (await file.createReadStream()).toArray()).join('');
    expect(text.split('\n')[0]).toContain('input');
    expect(text).toContain('q1');
    expect(text).not.toContain('q2');
  });

  it('works at phone width: nothing wider than the screen, and no serious accessibility violation', async () => {
    const id = await datasetWith(h, 'narrow', [{ input: 'a long question '.repeat(20), expected_output: 'a long answer '.repeat(20) }]);
    const page = await h.signedIn({ width: 390 });
    for (const path of [
      '/datasets',
      `/datasets/${id}`,
      `/datasets/${id}/datapoints`,
      `/datasets/${id}/versions`,
      `/datasets/${id}/upload`,
    ]) {
      await page.goto(path);
      await page.locator('main h1, main h2').first().waitFor();
      expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
      expect(await seriousViolations(page), path).toEqual([]);
    }
  });
});
