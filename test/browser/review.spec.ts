import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { datasetWith, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('review');
const WIDTHS = [1400, 390];

const CHAT = {
  messages: [
    { role: 'system', content: 'You are a support agent.' },
    { role: 'user', content: 'Where is my parcel?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'track_parcel', arguments: '{"order":"A-1"}' } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: 'In transit' },
  ],
};

const noSidewaysScroll = (page: Page) =>
  page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth <= (globalThis as any).innerWidth);

describe.each(WIDTHS)('the review screen at %i px', (width) => {
  it('reads a chat dataset as conversations: roles, text and tool calls', async () => {
    const id = await datasetWith(h, `chats-${width}`, [
      { input: CHAT, expected_output: 'It is in transit and arrives tomorrow.', external_id: 'chat-1' },
      { input: { messages: [{ role: 'user', content: 'Can I pay by invoice?' }] }, expected_output: 'Yes.' },
    ]);
    const page = await h.signedIn({ width });
    await page.goto(`/datasets/${id}/datapoints`);
    const first = page.locator('[role=rowgroup] [role=row]').first();
    await first.getByText('Where is my parcel?').waitFor();
    expect(await first.getByRole('cell').nth(1).textContent()).toBe('chat-1');
    // Rows are named by their first text when they have no external id.
    expect(await page.locator('[role=rowgroup] [role=row]').nth(1).getByRole('cell').nth(1).textContent()).toBe('Can I pay by invoice?');

    await page.getByRole('button', { name: 'Open datapoint 1', exact: true }).click();
    const panel = page.getByRole('complementary', { name: 'Datapoint' });
    const conversation = panel.getByRole('list', { name: 'Conversation' }).first();
    await conversation.waitFor();
    expect(await conversation.locator('.role').allTextContents()).toEqual(['system', 'user', 'assistant', 'tool · answers c1']);
    expect(await conversation.textContent()).toContain('calls track_parcel');
    expect(await panel.getByRole('heading', { level: 2 }).textContent()).toContain('chat-1');
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('compares two runs item by item, opens a regression, fixes its expected output, commits, and finds it in the diff by name', async () => {
    const id = await datasetWith(h, `golden-${width}`, [
      { input: 'How long do refunds take?', expected_output: 'Five days.', external_id: 'refunds' },
      { input: 'Do you ship to Norway?', expected_output: 'Yes.', external_id: 'norway' },
      { input: 'Is there a student discount?', expected_output: 'Ten percent.', external_id: 'students' },
    ]);
    const ids = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data.map((d: any) => d.id);
    const metric = (await h.api('POST', '/v1/metrics', { name: `correct-${width}` })).body.id;
    const run = async (alias: string, outputs: string[], scores: number[]) => {
      const r = (await h.api('POST', '/v1/runs', { dataset_id: id, run_type: 'DATASET', run_source: 'SDK', threshold: 50, alias })).body;
      await h.api('POST', `/v1/runs/${r.id}/items`, {
        items: ids.map((d: string, i: number) => ({ datapoint_id: d, output: outputs[i] })),
      });
      await h.api(
        'POST',
        `/v1/runs/${r.id}/evaluations`,
        scores.map((result, i) => ({ record_id: ids[i], metric_id: metric, result, threshold: 50, explanation: `${alias} on ${i}` })),
      );
      return r.id as string;
    };
    const base = await run('baseline', ['Within five days.', 'Yes, we do.', 'Ten percent off.'], [90, 80, 70]);
    const head = await run('candidate', ['Within five days.', 'No, we do not ship there.', 'Ten percent off.'], [90, 20, 70]);

    const page = await h.signedIn({ width });
    await page.goto(`/runs/compare?run=${base}&run=${head}`);
    const regression = page.getByRole('article').first();
    await regression.getByRole('heading', { name: 'norway' }).waitFor();
    const outputs = regression.getByRole('group', { name: 'Outputs' });
    expect(await outputs.getByRole('region').count()).toBe(2);
    // The candidate's output is shown as its change from the baseline's.
    expect(await outputs.getByRole('region', { name: 'Output of candidate' }).locator('ins').allTextContents()).toContain('No');
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    await regression.getByRole('link', { name: 'Open datapoint' }).click();
    const panel = page.getByRole('complementary', { name: 'Datapoint' });
    await panel.getByRole('heading', { name: /norway/ }).waitFor();
    await panel.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Expected output', { exact: true }).fill('Yes, with duties paid at checkout.');
    await page.getByRole('button', { name: 'Keep in draft' }).click();
    await page.getByLabel('Commit message').fill('norway answer');
    await page.getByRole('button', { name: 'Commit' }).click();
    await page.getByText('Committed version 2').waitFor();
    await page.getByRole('link', { name: 'See the changes' }).click();
    const change = page.getByRole('article', { name: /^changed/ });
    await change.getByRole('heading', { name: /norway/ }).waitFor();
    expect(await change.locator('ins').allTextContents()).toEqual([expect.stringContaining('with duties paid at checkout')]);
    expect(await noSidewaysScroll(page)).toBe(true);
  });

  it('keeps a row still loading from being opened, and opens it once its page arrives', async () => {
    const id = await datasetWith(h, `loading-${width}`, [{ input: 'the only question', expected_output: 'a' }]);
    const page = await h.signedIn({ width });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(`**/v1/datasets/${id}/datapoints?**`, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/datasets/${id}/datapoints`);
    const open = page.getByRole('button', { name: 'Open datapoint 1', exact: true });
    await open.waitFor();
    expect(await open.isDisabled()).toBe(true);
    release();
    await open.click();
    await page.getByRole('region', { name: 'Review' }).getByLabel('Comment').waitFor();
    expect(await page.getByRole('complementary', { name: 'Datapoint' }).getByRole('heading').first().textContent()).toContain(
      'the only question',
    );
  });

  it('marks a datapoint as needing a fix, with a comment, and filters the table by review', async () => {
    const id = await datasetWith(h, `reviewed-${width}`, [
      { input: 'first question', expected_output: 'a' },
      { input: 'second question', expected_output: 'b' },
      { input: 'third question', expected_output: 'c' },
    ]);
    const page = await h.signedIn({ width });
    await page.goto(`/datasets/${id}/datapoints`);
    await page.getByRole('button', { name: 'Open datapoint 2', exact: true }).click();
    const review = page.getByRole('region', { name: 'Review' });
    await review.getByLabel('Comment').fill('answer is wrong');
    await review.getByRole('button', { name: 'needs fix' }).click();
    await review.getByRole('heading').getByText('needs fix').waitFor();
    await expect.poll(() => page.locator('[role=rowgroup] [role=row]').nth(1).textContent()).toContain('needs fix');

    await page.getByLabel('Review decision').selectOption('needs_fix');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect
      .poll(() => page.locator('[role=rowgroup] [role=row]').allTextContents())
      .toEqual([expect.stringContaining('second question')]);
    const stored = (await h.api('GET', `/v1/datasets/${id}/datapoints?review=needs_fix`)).body.data;
    expect(stored.map((d: any) => d.input)).toEqual(['second question']);
    // The filter is in the address: a reload keeps it.
    await page.reload();
    await expect
      .poll(() => page.locator('[role=rowgroup] [role=row]').allTextContents())
      .toEqual([expect.stringContaining('second question')]);
    expect(await noSidewaysScroll(page)).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
