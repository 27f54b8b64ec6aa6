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
  it('spans the whole dataset: pages by cursor as it scrolls, by position when it jumps, only the rows in view in the page', async () => {
    const id = await bigDataset();
    const page = await h.signedIn();
    const pages: URL[] = [];
    const jumps: URL[] = [];
    page.on('request', (r) => r.url().includes('/datapoints?') && pages.push(new URL(r.url())));
    page.on('request', (r) => r.url().includes('/rows?') && jumps.push(new URL(r.url())));
    await page.goto(`/datasets/${id}/datapoints`);
    // The first row's content, not its number: rows are numbered (and the count known) while their page still loads.
    await page.locator('[role=rowgroup] [role=row]').first().getByText('question 0', { exact: true }).first().waitFor();
    expect(await page.getByText(`${ROWS.toLocaleString('en')} datapoints`, { exact: true }).count()).toBe(1);

    const scroller = page.getByTestId('dp-scroll');
    for (let i = 0; i < 8; i++) {
      await scroller.evaluate((el) => el.scrollBy(0, 4000));
      await page.waitForTimeout(0);
    }
    await expect.poll(() => pages.length, { timeout: 10_000 }).toBeGreaterThan(1);
    // Every request is one cursor page; none asks for everything.
    expect(pages.every((u) => u.searchParams.get('limit') === '200')).toBe(true);
    expect(pages.slice(1).every((u) => u.searchParams.has('cursor'))).toBe(true);

    // The scrollbar spans every row: its end is the last datapoint, read by position.
    await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.getByRole('button', { name: `Open datapoint ${ROWS}`, exact: true }).waitFor();
    await expect.poll(() => page.locator('[role=rowgroup] [role=row]').last().textContent()).toContain(`question ${ROWS - 1}`);
    expect(jumps.map((u) => u.searchParams.get('row'))).toContain(String(ROWS - 200));
    // Virtualized: the page holds the rows in view, not the thousands loaded.
    expect(await page.locator('[role=rowgroup] [role=row]').count()).toBeLessThan(60);

    await page.getByLabel('Go to row').fill('15000');
    await page.getByRole('button', { name: 'Go', exact: true }).click();
    await expect
      .poll(() => page.locator('[role=rowgroup] [role=row]').allTextContents())
      .toContainEqual(expect.stringContaining('question 14999'));
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
    await page.getByLabel('Split', { exact: true }).fill('train');
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
    await page.locator('[role=rowgroup] [role=row]').first().getByRole('cell').nth(3).dblclick();
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

describe('a commit clash (issue 24, item 14)', () => {
  it('says which version the dataset moved to, and keeps the edits on it without a reload that loses the filters', async () => {
    const id = await datasetWith(h, 'clashing', [
      { input: 'refund q1', expected_output: 'a1' },
      { input: 'refund q2', expected_output: 'a2' },
      { input: 'shipping', expected_output: 'a3' },
    ]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/datapoints`);
    await page.getByLabel('Search text').fill('refund');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.locator('[role=rowgroup] [role=row]').count()).toBe(2);
    await page.locator('[role=rowgroup] [role=row]').first().getByRole('cell').nth(3).dblclick();
    await page.getByLabel('Expected output', { exact: true }).fill('fixed');
    await page.getByRole('button', { name: 'Keep in draft' }).click();

    await h.api('POST', `/v1/datasets/${id}/versions`, { add: [{ input: 'theirs' }] });
    await page.getByRole('button', { name: 'Commit' }).click();
    const clash = page.getByRole('alert').filter({ hasText: 'changed since this draft began' });
    await clash.waitFor();
    await expect.poll(() => clash.textContent()).toContain('made on version 1; the dataset is now at version 2');
    const keep = page.getByRole('button', { name: 'Keep my edits on version 2' });
    expect(await keep.isEnabled()).toBe(true);
    await keep.click();
    await page.getByRole('button', { name: 'Commit' }).click();
    await page.getByText(/Committed version 3/).waitFor();
    expect(await page.getByLabel('Search text').inputValue()).toBe('refund');
    expect((await h.api('GET', `/v1/datasets/${id}/datapoints?q=refund`)).body.data.map((d: any) => d.expected_output)).toEqual([
      'fixed',
      'a2',
    ]);
  });
});
