import { beforeAll, describe, expect, it } from 'vitest';
import { createRepo, downloadFile, uploadFile, type RepoDesignation } from '@huggingface/hub';
import { type ProjectKeys, useServer } from '../helpers/server.js';
import { DIALECT } from '../helpers/store.js';
import { hfParquet, png, readHfParquet, wav, type MediaRow } from '../helpers/hf-media.js';

/**
 * The real `@huggingface/hub` pushing a split with Image and Audio columns, as
 * `push_to_hub` writes it, and downloading the version's render: the same columns and
 * files back, typed as `datasets` reads them.
 */

const server = useServer();
let p: ProjectKeys;
let hub: { hubUrl: string; accessToken: string };

const TRAIN = 'data/train-00000-of-00001.parquet';
const ROWS: MediaRow[] = [
  { text: 'a cat', label: 0, image: { bytes: png(30), path: 'cat.png' }, audio: { bytes: wav(3), path: 'meow.wav' } },
  { text: 'no picture', label: 1, image: null, audio: { bytes: wav(9, 32), path: 'hum.wav' } },
];

beforeAll(async () => {
  p = await server.project('hf-media');
  hub = { hubUrl: `${server.url}/compat/hf`, accessToken: `hf_${p.write}` };
});

describe(`@huggingface/hub with Image and Audio columns (${DIALECT})`, () => {
  it('accepts a pushed split with files as datapoints with attachments, and serves it back with the same columns', async () => {
    const repo: RepoDesignation = { type: 'dataset', name: `${p.ns}/pictures` };
    await createRepo({ ...hub, repo });
    const pushed = hfParquet(ROWS);
    await uploadFile({ ...hub, repo, file: { path: TRAIN, content: new Blob([pushed]) } });

    const dataset = (await server.request('GET', '/v1/datasets?limit=100', { key: p.read })).body.data.find(
      (d: any) => d.name === 'pictures',
    );
    const datapoints = (await server.request('GET', `/v1/datasets/${dataset.id}/datapoints`, { key: p.read })).body.data;
    // A row is the datapoint's input; its files are its attachments, by column.
    expect(datapoints.map((d: any) => [d.splits, d.input, d.attachments.image?.filename ?? null, d.attachments.audio.mime_type])).toEqual([
      [['train'], { text: 'a cat', label: 0 }, 'cat.png', 'audio/wav'],
      [['train'], { text: 'no picture', label: 1 }, null, 'audio/wav'],
    ]);
    const image = await fetch(server.url + datapoints[0].attachments.image.url);
    expect(Buffer.from(await image.arrayBuffer())).toEqual(ROWS[0].image!.bytes);

    const blob = await downloadFile({ ...hub, repo, path: TRAIN });
    const served = new Uint8Array(await blob!.arrayBuffer());
    const [{ rows, features }, sent] = await Promise.all([readHfParquet(served), readHfParquet(pushed)]);
    expect(features).toEqual(sent.features);
    expect(rows).toEqual(sent.rows);
    expect(rows.map((r) => ['image', 'audio'].map((c) => (r[c] ? [Buffer.from(r[c].bytes), r[c].path] : null)))).toEqual(
      ROWS.map((r) => [r.image && [r.image.bytes, r.image.path], r.audio && [r.audio.bytes, r.audio.path]]),
    );
    expect(rows.map((r) => [r.text, r.label])).toEqual(ROWS.map(({ text, label }) => [text, BigInt(label)]));
  });
});
