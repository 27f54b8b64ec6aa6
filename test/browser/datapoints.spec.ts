import { describe, expect, it } from 'vitest';
import { datasetWith, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('datapoints');
const ROWS = 20_000;

async function bigDataset(): Promise<string> {
  const id = (await h.api('POST', '/v1/datasets', { name: 'big' })).body.id;
  const lines = Array.from({ length: ROWS }, (_, i) =>
    JSON.stringify({ input: { q: `question ${i}` }, expected_output: `answer ${i}`, splits: [i % 10 ? 'train' : 'test'] }),
  );
  const res = await fetch(`${h.url}/v1/datasets/${id}/versions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${h.key}`, 'content-type': 'application/x-ndjson' },
    body: lines.join('\n'),
  });
  expect(res.status).toBe(201);
  return id;
}

describe('the datapoints table', () => {
  it('pages a large dataset by cursor as it scrolls, keeping only the rows in view in the page', async () => {
    const id = await bigDataset();
    const page = await h.signedIn();
    const pages: URL[] = [];
    page.on('request', (r) => r.url().includes('/datapoints?') && pages.push(new URL(r.url())));
    await page.goto(`/datasets/${id}/datapoints`);
    await page.getByRole('button', { name: 'Open datapoint 1', exact: true }).waitFor();
    expect(await page.getByText(`200 loaded of ${ROWS.toLocaleString('en')}`).count()).toBe(1);

    const scroller = page.getByTestId('dp-scroll');
    for (let i = 0; i < 8; i++) {
      await scroller.evaluate((el) => el.scrollBy(0, 4000));
      await page.waitForTimeout(0);
    }
    await expect.poll(() => pages.length, { timeout: 10_000 }).toBeGreaterThan(2);
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page
      .getByRole('button', { name: /Open datapoint \d+/ })
      .last()
      .waitFor();
    // Every request is one cursor page; none asks for everything.
    expect(pages.every((u) => u.searchParams.get('limit') === '200')).toBe(true);
    expect(pages.slice(1).every((u) => u.searchParams.has('cursor'))).toBe(true);
    // Virtualized: the page holds the rows in view, not the thousands loaded.
    expect(await page.locator('[role=rowgroup] [role=row]').count()).toBeLessThan(80);
    const shown = await page
      .getByRole('button', { name: /Open datapoint \d+/ })
      .last()
      .textContent();
    expect(Number(shown)).toBeGreaterThan(400);
  });

  it('filters by text search and split', async () => {
    const id = await datasetWith(h, 'searchable', [
      { input: 'the refund policy', expected_output: 'thirty days', splits: ['test'] },
      { input: 'shipping times', expected_output: 'two weeks', splits: ['train'] },
      { input: 'refund for damaged goods', expected_output: 'always', splits: ['train'] },
    ]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/datapoints`);
    await page.getByLabel('Search text').fill('refund');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('[role=rowgroup] [role=row]').allTextContents()).toHaveLength(2);
    await page.getByLabel('Split').fill('train');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('[role=rowgroup] [role=row]').allTextContents())
      .toEqual([expect.stringContaining('refund for damaged goods')]);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('edits, adds and deletes into a draft committed as one version, and keeps the draft through a conflict', async () => {
    const id = await datasetWith(h, 'editable', [
      { input: 'q1', expected_output: 'a1' },
      { input: 'q2', expected_output: 'a2' },
      { input: 'q3', expected_output: 'a3' },
    ]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/datapoints`);
    // A double-clicked cell opens the editor on that field, focused.
    await page.locator('[role=rowgroup] [role=row]').first().getByRole('cell').nth(2).dblclick();
    const answer = page.getByLabel('Expected output', { exact: true });
    await expect.poll(() => answer.evaluate((el) => el === (globalThis as any).document.activeElement)).toBe(true);
    await answer.fill('42');
    await page.getByRole('button', { name: 'Keep in draft' }).click();
    await page.getByRole('button', { name: 'Open datapoint 3', exact: true }).click();
    await page.getByRole('complementary', { name: 'Datapoint' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Add datapoint' }).click();
    await page.getByLabel('Input', { exact: true }).fill('{"q": "new"}');
    await page.getByLabel('Input is JSON').check();
    await page.getByRole('button', { name: 'Keep in draft' }).click();
    expect(await page.getByRole('region', { name: 'Draft' }).textContent()).toContain('1 added, 1 edited, 1 deleted');

    // Someone else commits first: the commit is refused, explained, and the draft kept.
    await h.api('POST', `/v1/datasets/${id}/versions`, { add: [{ input: 'theirs' }] });
    await page.getByLabel('Commit message').fill('fix answers');
    await page.getByRole('button', { name: 'Commit' }).click();
    await page.getByText('The dataset changed since this draft began.').waitFor();
    expect((await h.api('GET', `/v1/datasets/${id}`)).body.head_version).toBe(2);
    await page.reload();
    expect(await page.getByRole('region', { name: 'Draft' }).textContent()).toContain('1 added, 1 edited, 1 deleted');
    await page.getByLabel('Commit message').fill('fix answers');
    await page.getByRole('button', { name: 'Commit' }).click();
    await page.getByRole('button', { name: 'Keep my edits on version 2' }).click();
    await page.getByRole('button', { name: 'Commit' }).click();
    await page.getByText('Committed version 3: 1 added, 1 updated, 1 deleted.').waitFor();

    const v3 = (await h.api('GET', `/v1/datasets/${id}/versions/3`)).body;
    expect(v3).toMatchObject({ message: 'fix answers', added: 1, updated: 1, deleted: 1, datapoint_count: 4 });
    const rows = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data;
    expect(rows.map((d: any) => [d.input, d.expected_output])).toEqual([
      ['q1', '42'],
      ['q2', 'a2'],
      ['theirs', null],
      [{ q: 'new' }, null],
    ]);
    expect(await page.getByRole('region', { name: 'Draft' }).count()).toBe(0);
  });
});
