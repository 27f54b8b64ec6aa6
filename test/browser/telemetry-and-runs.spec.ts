import { describe, expect, it } from 'vitest';
import { datasetWith, seriousViolations, useBrowser } from './harness.js';

const h = useBrowser('telemetry');

describe('telemetry cuts and run comparisons', () => {
  it('previews how many events a filter matches, then cuts a dataset from them', async () => {
    await h.api('POST', '/v1/containers', { label: 'prod-bot' });
    const events = Array.from({ length: 12 }, (_, i) => ({
      model_name: i % 3 ? 'small' : 'large',
      status: i % 4 ? 'ok' : 'error',
      input: { q: `question ${i}` },
      output: `answer ${i}`,
      created_at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
    }));
    expect((await h.api('POST', '/v1/containers/prod-bot/events', events)).status).toBe(201);
    const page = await h.signedIn();
    await page.goto('/telemetry');
    await page.getByRole('link', { name: 'prod-bot' }).click();
    await page.getByText('12 events match.').waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await page.getByLabel('Field 1').fill('status');
    await page.getByLabel('Value 1').fill('ok');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('9 events match.').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(9);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('New dataset name').fill('ok answers');
    await page.getByLabel('Newest events to take').fill('5');
    await page.getByRole('button', { name: /Cut dataset \(5 datapoints\)/ }).click();
    await page.getByRole('heading', { name: 'ok answers' }).waitFor();
    const id = new URL(page.url()).pathname.split('/')[2];
    const dataset = (await h.api('GET', `/v1/datasets/${id}`)).body;
    expect(dataset).toMatchObject({
      type: 'telemetry',
      cut_size: 5,
      datapoint_count: 5,
      filters: [{ key: 'status', operator: 'equals', value: 'ok' }],
    });
    const inputs = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data.map((d: any) => d.input.q);
    expect(inputs).toEqual(['question 11', 'question 10', 'question 9', 'question 7', 'question 6']);
  });

  it('compares two runs with the regressions first', async () => {
    const id = await datasetWith(
      h,
      'evals',
      Array.from({ length: 4 }, (_, i) => ({ input: `q${i}` })),
    );
    const ids = (await h.api('GET', `/v1/datasets/${id}/datapoints`)).body.data.map((d: any) => d.id);
    const metric = (await h.api('POST', '/v1/metrics', { name: 'accuracy' })).body.id;
    const run = async (alias: string, scores: number[]) => {
      const r = (await h.api('POST', '/v1/runs', { dataset_id: id, run_type: 'DATASET', run_source: 'SDK', threshold: 50, alias })).body;
      await h.api('POST', `/v1/runs/${r.id}/items`, { items: ids.map((d: string) => ({ datapoint_id: d, output: 'x' })) });
      await h.api(
        'POST',
        `/v1/runs/${r.id}/evaluations`,
        scores.map((result, i) => ({ record_id: ids[i], metric_id: metric, result, threshold: 50 })),
      );
      return r.id as string;
    };
    await run('baseline', [90, 80, 70, 60]);
    await run('candidate', [95, 40, 70, 65]);
    const page = await h.signedIn();
    await page.goto(`/datasets/${id}/runs`);
    await page.getByLabel('Compare run baseline').check();
    await page.getByLabel('Compare run candidate').check();
    await page.getByRole('button', { name: 'Compare the ticked runs (2)' }).click();
    // Item by item, regressions first: the input, and each run's output and score side by side.
    const first = page.getByRole('article').first();
    await first.waitFor();
    expect(await first.getByRole('heading', { level: 3 }).textContent()).toBe('q1');
    expect(await first.textContent()).toContain('regressed -40.000');
    const outputs = first.getByRole('group', { name: 'Outputs' });
    expect(await outputs.getByRole('region').allInnerTexts()).toEqual([
      expect.stringMatching(/baseline[\s\S]*x[\s\S]*accuracy 80\.000/),
      expect.stringMatching(/candidate[\s\S]*x[\s\S]*accuracy 40\.000/),
    ]);
    expect(await page.getByRole('article').count()).toBe(4);
    const metrics = page.getByRole('table', { name: 'Metrics' });
    expect(await metrics.locator('tbody tr').innerText()).toMatch(/accuracy\s+75\.000[^\n]*\s+67\.500[^\n]*\s+-7\.500/);
    await page.getByLabel('Show').selectOption('changed');
    await expect.poll(() => page.getByRole('article').count()).toBe(3);
    expect(await seriousViolations(page)).toEqual([]);
  });
});

describe('collections and jobs', () => {
  it('browses a collection with its members and a job with the datasets it read and wrote', async () => {
    const input = await datasetWith(h, 'episodes-raw', [{ input: 'e1' }]);
    const output = await datasetWith(h, 'episodes-clean', [{ input: 'e1' }]);
    const job = (await h.api('POST', '/v1/jobs', { name: 'clean episodes', kind: 'conversion', status: 'succeeded' })).body.id;
    await h.api('POST', `/v1/jobs/${job}/datasets`, { dataset_id: input, direction: 'input' });
    await h.api('POST', `/v1/jobs/${job}/datasets`, { dataset_id: output, direction: 'output' });
    await h.api('POST', '/v1/collections', { name: 'hard cases', dataset_id: input, members: ['ep-1', 'ep-7'] });
    const page = await h.signedIn();
    await page.getByRole('link', { name: 'Jobs' }).click();
    await page.getByRole('link', { name: 'clean episodes' }).click();
    await page.getByText(/^input:/).waitFor();
    // Linked datasets by name.
    await expect
      .poll(() => page.locator('ul.links li').allInnerTexts())
      .toEqual([expect.stringMatching(/^input: episodes-raw/), expect.stringMatching(/^output: episodes-clean/)]);
    const other = await datasetWith(h, 'episodes-eval', [{ input: 'e1' }]);
    await page.reload();
    await page.getByLabel('Dataset', { exact: true }).selectOption({ label: 'episodes-eval' });
    await page.getByLabel('As', { exact: true }).selectOption('output');
    await page.getByRole('button', { name: 'Link' }).click();
    await expect.poll(() => page.locator('ul.links li').count()).toBe(3);
    expect((await h.api('GET', `/v1/jobs/${job}/datasets`)).body.data.map((l: any) => l.dataset_id)).toContain(other);
    await page.locator('ul.links li', { hasText: 'episodes-clean' }).getByRole('link').click();
    await page.getByRole('heading', { name: 'episodes-clean' }).waitFor();

    await page.getByRole('link', { name: 'Collections' }).click();
    await page.getByRole('link', { name: 'hard cases' }).click();
    await expect.poll(() => page.locator('ul.members code').allInnerTexts()).toEqual(['ep-1', 'ep-7']);
    expect(await seriousViolations(page)).toEqual([]);

    // Members in and out, a new name, then gone.
    await page.getByLabel('Add members (ids)').fill('ep-9 ep-10');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => page.locator('ul.members code').count()).toBe(4);
    await page.getByRole('button', { name: 'Remove ep-1', exact: true }).click();
    await expect.poll(() => page.locator('ul.members code').allInnerTexts()).not.toContain('ep-1');
    await page.getByLabel('Name', { exact: true }).fill('harder cases');
    await page.getByRole('button', { name: 'Rename' }).click();
    await page.getByRole('heading', { name: 'harder cases' }).waitFor();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Delete collection' }).click();
    await page.getByRole('heading', { name: 'Collections' }).waitFor();
    expect((await h.api('GET', '/v1/collections')).body.data.map((c: any) => c.name)).not.toContain('harder cases');

    await page.getByText('New collection').click();
    await page.getByRole('form', { name: 'New collection' }).getByLabel('Name').fill('fresh');
    await page.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { name: 'fresh' }).waitFor();
  });
});
