import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { datasetWith, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('upload');

const CSV = 'id,question,answer,labels,score\nq1,What is 6*7?,42,math|easy,0.9\nq2,"Two\nlines",null,,0.1\nq3,Empty answer?,"",misc,\n';

async function upload(page: Page, csv: string, mode: string) {
  await page.getByLabel(/^File/).setInputFiles({ name: 'evals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('heading', { name: 'First rows' }).waitFor();
  await page.getByLabel('Split tags on').fill('|');
  await page.getByRole('radio', { name: mode }).check();
  await page.getByRole('button', { name: 'Import' }).click();
  return page
    .getByRole('status')
    .filter({ hasText: /Version|Nothing changed/ })
    .textContent();
}

describe('uploading a CSV with a column mapping', () => {
  it('previews, maps, imports losslessly, and upserts only what changed', async () => {
    const id = await datasetWith(h, 'from-csv', []);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/upload`);
    await page.getByLabel(/^File/).setInputFiles({ name: 'evals.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByRole('heading', { name: 'First rows' }).waitFor();
    // The preview guessed the mapping from the column names; the reader can change any of it.
    expect(await page.getByLabel('Map column question to').inputValue()).toBe('input');
    expect(await page.getByLabel('Map column answer to').inputValue()).toBe('expected_output');
    expect(await page.getByLabel('Map column id to').inputValue()).toBe('external_id');
    expect(await page.getByLabel('Map column labels to').inputValue()).toBe('tags');
    expect(await page.getByLabel('Map column score to').inputValue()).toBe('metadata');
    expect(await page.locator('table.mapping tbody tr').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();

    expect(await upload(page, CSV, 'Add the rows')).toContain('Version 1: 3 added');
    const stored = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data;
    expect(stored.map((d: any) => [d.external_id, d.input, d.expected_output, d.tags, d.metadata])).toEqual([
      ['q1', 'What is 6*7?', '42', ['math', 'easy'], { score: '0.9' }],
      ['q2', 'Two\nlines', 'null', [], { score: '0.1' }],
      ['q3', 'Empty answer?', '', ['misc'], { score: null }],
    ]);

    await page.reload();
    expect(await upload(page, CSV, 'Upsert:')).toContain('Nothing changed: all 3 rows are already in version 1');
    await page.reload();
    expect(await upload(page, CSV.replace(',42,', ',43,'), 'Upsert:')).toContain('Version 2: 0 added, 1 updated, 0 deleted, 2 unchanged');
    const diff = (await h.api('GET', `/v1/datasets/${id}/diff?from=1&to=2`)).body.data;
    expect(diff.map((c: any) => [c.change, c.before.expected_output, c.after.expected_output])).toEqual([['changed', '42', '43']]);
  });

  it('refuses a mapping that fills neither input nor expected output, naming the columns, and stores nothing', async () => {
    const id = await datasetWith(h, 'refused', []);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/upload`);
    await page.getByLabel(/^File/).setInputFiles({ name: 'evals.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.getByLabel('Map column question to').selectOption('metadata');
    await page.getByLabel('Map column answer to').selectOption('drop');
    await page.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/The import failed; nothing was stored.*question/s);
    expect((await h.api('GET', `/v1/datasets/${id}`)).body.head_version).toBe(0);
  });
});

describe('the upload page (issue 24, item 15)', () => {
  const wide = () => {
    const columns = Array.from({ length: 30 }, (_, i) => `a_rather_long_column_name_${i}`);
    const row = columns.map((_, i) => `value number ${i} that is long enough to widen its cell`);
    return `question,answer,${columns.join(',')}\nWhat?,That,${row.join(',')}\n`;
  };

  it('fits a wide file in 1,400 px, and shows the result in view', async () => {
    const id = await datasetWith(h, 'wide', []);
    const page = await h.signedIn({ width: 1400 });
    await page.goto(`/datasets/${id}/upload`);
    await page.getByLabel(/^File/).setInputFiles({ name: 'wide.csv', mimeType: 'text/csv', buffer: Buffer.from(wide()) });
    await page.getByRole('heading', { name: 'First rows' }).waitFor();
    expect(await page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth <= (globalThis as any).innerWidth)).toBe(
      true,
    );
    await page.getByRole('button', { name: 'Import' }).click();
    const result = page.getByRole('status').filter({ hasText: /Version 1/ });
    await result.waitFor();
    const box = (await result.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(900);
  });

  it('says a duplicate external id is a clash with what is stored, not someone else changing it', async () => {
    const id = await datasetWith(h, 'dupes', [{ input: 'first', external_id: 'q1' }]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/upload`);
    await page
      .getByLabel(/^File/)
      .setInputFiles({ name: 'more.csv', mimeType: 'text/csv', buffer: Buffer.from('id,question\nq1,again\n') });
    await page.getByRole('heading', { name: 'First rows' }).waitFor();
    await page.getByRole('button', { name: 'Import' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const text = await alert.textContent();
    expect(text).not.toContain('Someone else changed it first');
    expect(text).toMatch(/already/i);
  });

  it('says a file that is not Parquet cannot be read, before anything is imported', async () => {
    const id = await datasetWith(h, 'not-parquet', []);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/upload`);
    await page
      .getByLabel(/^File/)
      .setInputFiles({ name: 'data.parquet', mimeType: 'application/octet-stream', buffer: Buffer.from('a,b\n1,2\n') });
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/could not be read as Parquet/);
    expect(await alert.textContent()).not.toContain('import failed');
  });

  it('gives sizes in the same decimal megabytes as the CLI', async () => {
    const id = await datasetWith(h, 'sized', []);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/upload`);
    const lines = Array.from({ length: 15_000 }, (_, i) =>
      JSON.stringify({ input: `q${String(i).padStart(5, '0')}`, pad: 'x'.repeat(72) }),
    );
    const body = Buffer.from(lines.join('\n') + '\n');
    expect(body.length).toBe(1_500_000);
    await page.getByLabel(/^File/).setInputFiles({ name: 'big.jsonl', mimeType: 'application/x-ndjson', buffer: body });
    await page.getByText('1.5 MB').waitFor();
  });
});
