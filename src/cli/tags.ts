import type { Version, VersionTag } from '@datashelf/client';
import { callJson, everyPage, usage, type Target } from './client.js';
import { resolveDataset } from './datasets.js';
import { count, table } from './output.js';

/** A version number, or a tag's name, as the API takes them. */
export const VERSION_OR_TAG = /^([0-9]{1,9}|[A-Za-z][A-Za-z0-9._-]{0,63})$/;

/** `tag DATASET NAME VERSION` points a tag; `tag DATASET` lists them. */
export async function tagVersion(
  target: Target,
  ref: string | undefined,
  name: string | undefined,
  version: string | undefined,
  json: boolean,
) {
  const dataset = await resolveDataset(target, ref);
  if (name === undefined) {
    const all: VersionTag[] = [];
    for await (const t of everyPage<VersionTag>(target, `/v1/datasets/${dataset.id}/tags`)) all.push(t);
    if (json) return JSON.stringify(all, null, 2) + '\n';
    return table(
      ['TAG', 'VERSION', 'MOVED'],
      all.map((t) => [t.name, t.version, t.updated_at]),
    );
  }
  if (!version || !VERSION_OR_TAG.test(version)) throw usage('datashelf tag DATASET NAME VERSION (a number or another tag)');
  const tag = await callJson<VersionTag>(target, `/v1/datasets/${dataset.id}/tags/${encodeURIComponent(name)}`, {
    method: 'PUT',
    json: { version },
  });
  return json ? JSON.stringify(tag, null, 2) + '\n' : `${dataset.name}: ${tag.name} -> version ${tag.version}\n`;
}

/** `restore DATASET VERSION`: a new version with that version's content. */
export async function restoreVersion(
  target: Target,
  ref: string | undefined,
  version: string | undefined,
  message: string | undefined,
  json: boolean,
) {
  if (!version || !VERSION_OR_TAG.test(version)) throw usage('datashelf restore DATASET VERSION (a number or a tag) [--message TEXT]');
  const dataset = await resolveDataset(target, ref);
  const made = await callJson<Version>(target, `/v1/datasets/${dataset.id}/restore`, { method: 'POST', json: { version, message } });
  if (json) return JSON.stringify(made, null, 2) + '\n';
  return (
    `version ${made.version} of "${dataset.name}" restores ${version}: ${count(made.added)} added, ` +
    `${count(made.updated)} updated, ${count(made.deleted)} deleted (${count(made.datapoint_count)} datapoints)\n`
  );
}
