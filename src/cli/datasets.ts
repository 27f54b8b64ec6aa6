import { callJson, CliError, everyPage, usage, type Target } from './client.js';
import { count, table } from './output.js';

export interface Dataset {
  id: string;
  name: string;
  description: string | null;
  type: string;
  tags: string[];
  head_version: number;
  datapoint_count: number;
  created_at: string;
  updated_at: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A dataset named by its id, or by its name among the project's datasets. */
export async function resolveDataset(target: Target, ref: string | undefined): Promise<Dataset> {
  if (!ref) throw usage('name the dataset (its name or id)');
  if (UUID.test(ref)) return callJson<Dataset>(target, `/v1/datasets/${ref}`);
  for await (const d of everyPage<Dataset>(target, `/v1/datasets?search=${encodeURIComponent(ref)}`)) {
    if (d.name === ref) return d;
  }
  throw new CliError(`no dataset named "${ref}"`);
}

export async function listDatasets(target: Target, json: boolean): Promise<string> {
  const all: Dataset[] = [];
  for await (const d of everyPage<Dataset>(target, '/v1/datasets')) all.push(d);
  if (json) return JSON.stringify(all, null, 2) + '\n';
  return table(
    ['ID', 'NAME', 'VERSION', 'DATAPOINTS', 'UPDATED'],
    all.map((d) => [d.id, d.name, d.head_version, count(d.datapoint_count), d.updated_at]),
  );
}

export async function createDataset(target: Target, name: string | undefined, description: string | undefined, json: boolean) {
  if (!name) throw usage('name the new dataset: datashelf datasets create NAME');
  const d = await callJson<Dataset>(target, '/v1/datasets', { method: 'POST', json: { name, ...(description && { description }) } });
  return json ? JSON.stringify(d, null, 2) + '\n' : `created dataset "${d.name}" (${d.id})\n`;
}

export async function showDataset(target: Target, ref: string | undefined, json: boolean): Promise<string> {
  const d = await resolveDataset(target, ref);
  if (json) return JSON.stringify(d, null, 2) + '\n';
  const lines: [string, string][] = [
    ['id', d.id],
    ['name', d.name],
    ['description', d.description ?? ''],
    ['type', d.type],
    ['tags', d.tags.join(', ')],
    ['version', String(d.head_version)],
    ['datapoints', count(d.datapoint_count)],
    ['created', d.created_at],
    ['updated', d.updated_at],
  ];
  return lines.map(([k, v]) => `${k.padEnd(12)}${v}`).join('\n') + '\n';
}

export async function removeDataset(target: Target, ref: string | undefined): Promise<string> {
  const d = await resolveDataset(target, ref);
  await callJson(target, `/v1/datasets/${d.id}`, { method: 'DELETE' });
  return `deleted dataset "${d.name}" (${d.id})\n`;
}
