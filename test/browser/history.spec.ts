import { describe, expect, it } from 'vitest';
import { datasetWith, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('history');

describe('versions, diffs and tags', () => {
  it('diffs two versions side by side with the changed fields marked', async () => {
    const id = await datasetWith(h, 'diffed', [
      { input: 'q1', expected_output: 'old answer', persona: 'support' },
      { input: 'q2', expected_output: 'kept' },
    ]);
    const [first] = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data;
    await h.api('POST', `/v1/datasets/${id}/versions`, {
      update: [{ id: first.id, expected_output: 'new answer' }],
      add: [{ input: 'q3' }],
      message: 'v2',
    });
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/versions`);
    await page.getByRole('form', { name: 'Compare versions' }).getByLabel('From version').fill('1');
    await page.getByRole('form', { name: 'Compare versions' }).getByLabel('To version').fill('2');
    await page.getByRole('button', { name: 'Compare' }).click();
    // Changes are named by the datapoint's first text, with the changed words marked.
    const changed = page.getByRole('article', { name: /^changed/ });
    await changed.waitFor();
    expect(await page.getByRole('article').count()).toBe(2);
    expect(await changed.getByRole('heading').textContent()).toContain('q1');
    expect(await changed.locator('.changed-field dt').allTextContents()).toEqual(['expected output']);
    expect(await changed.locator('del').allTextContents()).toEqual(['old']);
    expect(await changed.locator('ins').allTextContents()).toEqual(['new']);
    expect(await page.getByRole('status').filter({ hasText: 'added' }).textContent()).toContain('1 added · 1 changed · 0 removed');
    const added = page.getByRole('article', { name: /^added/ });
    expect(await added.getByRole('heading').textContent()).toContain('q3');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it("moves a tag from one version to another, and shows a datapoint's history", async () => {
    const id = await datasetWith(h, 'tagged', [{ input: 'q1', expected_output: 'a' }]);
    const [dp] = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data;
    await h.api('POST', `/v1/datasets/${id}/versions`, { update: [{ id: dp.id, expected_output: 'b' }] });
    await h.api('PUT', `/v1/datasets/${id}/tags/prod`, { version: 1 });
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/versions`);
    // One tag control for the page: a tag's name, the version, and the button says it moves.
    const control = page.getByRole('form', { name: 'Tag a version' });
    await control.getByLabel('Tag').fill('prod');
    await control.getByLabel('on version').fill('2');
    await control.getByRole('button', { name: 'Move tag from v1' }).click();
    await page.getByText('Moved tag prod on version 2.').waitFor();
    expect((await h.api('GET', `/v1/datasets/${id}/tags/prod`)).body.version).toBe(2);
    const moves = (await h.api('GET', `/v1/datasets/${id}/tags/prod/history`)).body.data;
    expect(moves.map((m: any) => [m.from_version, m.to_version])).toEqual([
      [1, 2],
      [null, 1],
    ]);
    await expect.poll(() => page.getByRole('heading', { name: /^Version 2/ }).textContent()).toContain('prod');

    await page.goto(`/datasets/${id}/datapoints`);
    await page.getByRole('button', { name: 'Open datapoint 1', exact: true }).click();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('v2 – now').waitFor();
    expect(await history.locator('li strong').allTextContents()).toEqual(['v2 – now', 'v1 – v1']);
  });
});
