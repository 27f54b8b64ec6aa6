import { beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'langsmith';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { all, langsmithClient, statusOf } from './langsmith-client.js';

/**
 * The real `langsmith` package against datashelf's LangSmith surface, doing what its
 * users' dataset code does; what it wrote is read back over /v1 as well.
 */

const server = useServer();
let p: ProjectKeys;
let client: Client;

beforeAll(async () => {
  p = await server.project('ls-data');
  client = langsmithClient(server.url, p.write);
});

const v1 = async (path: string) => (await server.request('GET', path, { key: p.read })).body;

describe(`langsmith SDK: datasets and examples (${DIALECT})`, () => {
  it('creates, finds, lists, changes and deletes datasets', async () => {
    const made = await client.createDataset('qa-main', { description: 'questions', dataType: 'chat', metadata: { team: 'search' } });
    await client.createDataset('qa-other', { metadata: { team: 'ads' } });
    expect(made).toMatchObject({ name: 'qa-main', description: 'questions', data_type: 'chat', metadata: { team: 'search' } });
    expect(await v1(`/v1/datasets/${made.id}`)).toMatchObject({ name: 'qa-main', type: 'chat', metadata: { team: 'search' } });

    expect((await client.readDataset({ datasetName: 'qa-main' })).id).toBe(made.id);
    expect((await client.readDataset({ datasetId: made.id })).name).toBe('qa-main');
    expect(await client.hasDataset({ datasetName: 'nope' })).toBe(false);
    expect((await all(client.listDatasets({ datasetNameContains: 'QA-' }))).map((d) => d.name).sort()).toEqual(['qa-main', 'qa-other']);
    expect((await all(client.listDatasets({ metadata: { team: 'ads' } }))).map((d) => d.name)).toEqual(['qa-other']);
    expect((await all(client.listDatasets({ limit: 1, offset: 1 }))).map((d) => d.name)).toEqual(['qa-main']);
    expect(await statusOf(client.createDataset('qa-main'))).toBe(409);

    const schema = { type: 'object', properties: { question: { type: 'string' } }, required: ['question'] };
    const checked = await client.createDataset('qa-checked', { inputsSchema: schema });
    expect(checked.inputs_schema_definition).toEqual(schema);
    expect((await v1(`/v1/datasets/${checked.id}`)).item_schemas).toEqual({ input: schema });
    expect(await statusOf(client.createExamples([{ dataset_id: checked.id, inputs: { q: 'no question' } }]))).toBe(422);
    await client.deleteDataset({ datasetId: checked.id });

    const changed = await client.updateDataset({ datasetId: made.id, name: 'qa', description: 'renamed' });
    expect(changed).toMatchObject({ name: 'qa', description: 'renamed' });
    await client.deleteDataset({ datasetName: 'qa-other' });
    expect((await all(client.listDatasets())).map((d) => d.name)).toEqual(['qa']);
    expect(await client.hasDataset({ datasetName: 'qa-other' })).toBe(false);
    expect(await statusOf(client.readDataset({ datasetId: made.id.replace(/^.{8}/, '00000000') }))).toBe(404);
  });

  it('writes examples as multipart, each write a new version, and reads them back by offset', async () => {
    const ds = await client.createDataset('examples');
    const created = await client.createExamples(
      Array.from({ length: 12 }, (_, i) => ({
        dataset_id: ds.id,
        inputs: { question: `q${i}` },
        outputs: { answer: `a${i}` },
        metadata: { level: i % 3 === 0 ? 'hard' : 'easy', index: i },
        split: i < 8 ? 'train' : ['test', 'holdout'],
      })),
    );
    expect(created).toHaveLength(12);
    expect(created[0]).toMatchObject({ inputs: { question: 'q0' }, outputs: { answer: 'a0' }, metadata: { dataset_split: ['train'] } });
    const native = await v1(`/v1/datasets/${ds.id}/datapoints?limit=100`);
    expect(native.data.map((d: any) => d.id)).toEqual(created.map((e) => e.id));
    expect(native.data[9]).toMatchObject({ input: { question: 'q9' }, expected_output: { answer: 'a9' }, splits: ['test', 'holdout'] });
    expect((await v1(`/v1/datasets/${ds.id}`)).head_version).toBe(1);

    const page = await all(client.listExamples({ datasetId: ds.id, offset: 3, limit: 4 }));
    expect(page.map((e) => e.inputs.question)).toEqual(['q3', 'q4', 'q5', 'q6']);
    expect(await all(client.listExamples({ datasetName: 'examples' }))).toHaveLength(12);
    expect(await all(client.listExamples({ datasetId: ds.id, splits: ['holdout'] }))).toHaveLength(4);
    expect(await all(client.listExamples({ datasetId: ds.id, splits: ['train', 'test'] }))).toHaveLength(12);
    const hard = await all(client.listExamples({ datasetId: ds.id, metadata: { level: 'hard' } }));
    expect(hard.map((e) => e.metadata?.index)).toEqual([0, 3, 6, 9]);
    const hardTests = await all(client.listExamples({ datasetId: ds.id, metadata: { level: 'hard', dataset_split: ['test'] } }));
    expect(hardTests.map((e) => e.metadata?.index)).toEqual([9]);
    const filtered = await all(
      client.listExamples({ datasetId: ds.id, filter: 'and(eq(metadata.level, "hard"), not(eq(metadata.index, 0)))' }),
    );
    expect(filtered.map((e) => e.metadata?.index)).toEqual([3, 6, 9]);
    expect(await all(client.listExamples({ datasetId: ds.id, filter: 'exists(metadata, "nothing")' }))).toEqual([]);
    expect(await statusOf(all(client.listExamples({ datasetId: ds.id, filter: 'or(eq(metadata.index, 1), eq(metadata.index, 2))' })))).toBe(
      400,
    );
    expect((await all(client.listExamples({ datasetId: ds.id, exampleIds: [created[5].id] })))[0].id).toBe(created[5].id);

    await client.updateExample(created[0].id, { inputs: { question: 'Q0' }, split: ['test'] });
    expect(await client.readExample(created[0].id)).toMatchObject({
      inputs: { question: 'Q0' },
      outputs: { answer: 'a0' },
      metadata: { level: 'hard', index: 0, dataset_split: ['test'] },
    });
    await client.updateExamples([
      { id: created[1].id, outputs: { answer: 'A1' }, metadata: { level: 'easy', reviewed: true } },
      { id: created[2].id, dataset_id: ds.id, inputs: { question: 'Q2' } },
    ]);
    expect((await client.readExample(created[1].id)).metadata).toEqual({ level: 'easy', reviewed: true, dataset_split: ['train'] });
    expect((await client.readExample(created[2].id)).inputs).toEqual({ question: 'Q2' });

    await client.deleteExample(created[3].id);
    await client.deleteExamples([created[4].id, created[5].id]);
    await client.deleteExamples([created[6].id], { hardDelete: true });
    expect(await all(client.listExamples({ datasetId: ds.id }))).toHaveLength(8);
    expect(await statusOf(client.readExample(created[3].id))).toBe(404);
    expect((await v1(`/v1/datasets/${ds.id}`)).head_version).toBe(6);
    // Earlier versions keep what later ones removed.
    expect((await v1(`/v1/datasets/${ds.id}/datapoints?version=1&limit=100`)).data).toHaveLength(12);
  });

  it('reads versions by time and by tag, tags them, and diffs them', async () => {
    const ds = await client.createDataset('versioned');
    const [first] = await client.createExamples([{ dataset_id: ds.id, inputs: { q: 'one' }, outputs: { a: '1' } }]);
    const v1At = (await client.readDatasetVersion({ datasetId: ds.id, asOf: new Date() })).as_of;
    await client.updateDatasetTag({ datasetId: ds.id, asOf: v1At, tag: 'baseline' });
    const [second] = await client.createExamples([{ dataset_id: ds.id, inputs: { q: 'two' }, outputs: { a: '2' } }]);
    await client.updateExample(first.id, { outputs: { a: 'uno' } });

    expect(await client.readDatasetVersion({ datasetId: ds.id, tag: 'baseline' })).toEqual({ as_of: v1At, tags: ['baseline'] });
    const atBaseline = await all(client.listExamples({ datasetId: ds.id, asOf: 'baseline' }));
    expect(atBaseline.map((e) => e.outputs)).toEqual([{ a: '1' }]);
    expect((await all(client.listExamples({ datasetId: ds.id, asOf: v1At }))).map((e) => e.id)).toEqual([first.id]);
    expect(await all(client.listExamples({ datasetId: ds.id, asOf: 'latest' }))).toHaveLength(2);

    const head = await client.readDatasetVersion({ datasetId: ds.id, asOf: new Date() });
    expect(head.tags).toEqual([]);
    expect(head.as_of > v1At).toBe(true);
    const diff = await client.diffDatasetVersions({ datasetId: ds.id, fromVersion: 'baseline', toVersion: head.as_of });
    expect(diff).toEqual({ examples_added: [second.id], examples_removed: [], examples_modified: [first.id] });
    expect((await v1(`/v1/datasets/${ds.id}/tags/baseline`)).version).toBe(1);
  });

  it('keeps splits, moves examples between them, and lists them per version', async () => {
    const ds = await client.createDataset('splits');
    const examples = await client.createExamples({
      datasetId: ds.id,
      inputs: [{ n: 1 }, { n: 2 }, { n: 3 }],
      outputs: [{ n: 1 }, { n: 2 }, { n: 3 }],
      splits: ['train', 'train', 'test'],
    });
    expect((await client.listDatasetSplits({ datasetId: ds.id })).sort()).toEqual(['test', 'train']);
    await client.updateDatasetSplits({ datasetId: ds.id, splitName: 'gold', exampleIds: [examples[0].id, examples[2].id] });
    await client.updateDatasetSplits({ datasetId: ds.id, splitName: 'train', exampleIds: [examples[0].id], remove: true });
    expect((await client.readExample(examples[0].id)).metadata?.dataset_split).toEqual(['gold']);
    expect((await all(client.listExamples({ datasetId: ds.id, splits: ['gold'] }))).map((e) => e.inputs.n)).toEqual([1, 3]);
    expect((await client.listDatasetSplits({ datasetId: ds.id })).sort()).toEqual(['gold', 'test', 'train']);
    const before = (await v1(`/v1/datasets/${ds.id}/versions`)).data.at(-1).created_at;
    expect((await client.listDatasetSplits({ datasetId: ds.id, asOf: before })).sort()).toEqual(['test', 'train']);
  });

  it('shares a dataset publicly and stops sharing it', async () => {
    const ds = await client.createDataset('shared');
    const share = await client.shareDataset(ds.id);
    expect(share.dataset_id).toBe(ds.id);
    expect((await client.shareDataset(ds.id)).share_token).toBe(share.share_token);
    expect((await client.readDatasetSharedSchema(ds.id)).share_token).toBe(share.share_token);
    expect((await v1(`/v1/datasets/${ds.id}/shares`)).data).toMatchObject([{ id: share.share_token, public: true }]);
    await client.unshareDataset(ds.id);
    expect((await v1(`/v1/datasets/${ds.id}/shares`)).data).toEqual([]);
  });

  it('makes a dataset from a CSV file, and exports one for OpenAI fine-tuning', async () => {
    const csv = 'question,context,answer,notes\nWhat is 2+2?,math,4,easy\nCapital of France?,geo,Paris,\n';
    const made = await client.uploadCsv({
      csvFile: new Blob([csv]),
      fileName: 'quiz.csv',
      inputKeys: ['question', 'context'],
      outputKeys: ['answer'],
      description: 'from a file',
    });
    expect(made).toMatchObject({ name: 'quiz.csv', description: 'from a file', example_count: 2 });
    const rows = await all(client.listExamples({ datasetId: made.id }));
    expect(rows.map((e) => [e.inputs, e.outputs])).toEqual([
      [{ question: 'What is 2+2?', context: 'math' }, { answer: '4' }],
      [{ question: 'Capital of France?', context: 'geo' }, { answer: 'Paris' }],
    ]);
    expect(
      await statusOf(client.uploadCsv({ csvFile: new Blob([csv]), fileName: 'quiz.csv', inputKeys: ['question'], outputKeys: [] })),
    ).toBe(409);

    const chat = await client.createDataset('chat', { dataType: 'chat' });
    await client.createExamples([
      { dataset_id: chat.id, inputs: { messages: [{ role: 'user', content: 'hi' }] }, outputs: { role: 'assistant', content: 'hello' } },
    ]);
    expect(await client.readDatasetOpenaiFinetuning({ datasetName: 'chat' })).toEqual([
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'hello' },
        ],
      },
    ]);
  });

  it("refuses every write to a read-only key, and answers another project's key 404", async () => {
    const ds = await client.createDataset('guarded');
    const [example] = await client.createExamples([{ dataset_id: ds.id, inputs: { q: 1 } }]);
    const reader = langsmithClient(server.url, p.read);
    expect((await reader.readDataset({ datasetId: ds.id })).name).toBe('guarded');
    const writes = [
      () => reader.createDataset('nope'),
      () => reader.updateDataset({ datasetId: ds.id, name: 'nope' }),
      () => reader.createExamples([{ dataset_id: ds.id, inputs: { q: 2 } }]),
      () => reader.updateExample(example.id, { inputs: { q: 3 } }),
      () => reader.deleteExample(example.id),
      () => reader.updateDatasetTag({ datasetId: ds.id, asOf: new Date(), tag: 'x' }),
      () => reader.shareDataset(ds.id),
      () => reader.deleteDataset({ datasetId: ds.id }),
    ];
    for (const write of writes) expect(await statusOf(write())).toBe(403);

    const other = langsmithClient(server.url, (await server.project('ls-data-other')).admin);
    const calls = [
      () => other.readDataset({ datasetId: ds.id }),
      () => other.readExample(example.id),
      () => all(other.listExamples({ datasetId: ds.id })),
      () => other.readDatasetVersion({ datasetId: ds.id, asOf: new Date() }),
      () => other.updateExample(example.id, { dataset_id: ds.id, inputs: { q: 4 } }),
      () => other.deleteExamples([example.id]),
      () => other.shareDataset(ds.id),
      () => other.deleteDataset({ datasetId: ds.id }),
    ];
    for (const call of calls) expect(await statusOf(call())).toBe(404);
    expect(await all(other.listDatasets())).toEqual([]);
    expect((await client.readExample(example.id)).inputs).toEqual({ q: 1 });
  });
});
