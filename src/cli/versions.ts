import { callJson, everyPage, usage, type Target } from './client.js';
import { resolveDataset } from './datasets.js';
import { count, preview, table } from './output.js';
import { VERSION_OR_TAG } from './tags.js';

interface Version {
  version: number;
  message: string | null;
  datapoint_count: number;
  added: number;
  updated: number;
  deleted: number;
  created_at: string;
}

interface Change {
  change: 'added' | 'removed' | 'changed';
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export async function listVersions(target: Target, ref: string | undefined, json: boolean): Promise<string> {
  const dataset = await resolveDataset(target, ref);
  const all: Version[] = [];
  for await (const v of everyPage<Version>(target, `/v1/datasets/${dataset.id}/versions`)) all.push(v);
  if (json) return JSON.stringify(all, null, 2) + '\n';
  return table(
    ['VERSION', 'CREATED', 'ADDED', 'UPDATED', 'DELETED', 'DATAPOINTS', 'MESSAGE'],
    all.map((v) => [v.version, v.created_at, count(v.added), count(v.updated), count(v.deleted), count(v.datapoint_count), v.message]),
  );
}

const SIGNS = { added: '+', removed: '-', changed: '~' };
const SHOWN = [
  'input',
  'expected_output',
  'output',
  'context',
  'prompt',
  'persona',
  'tags',
  'source',
  'metadata',
  'external_id',
  'splits',
  'order',
];

/** A change as a line: its sign, id, and (changed) the fields that differ or (else) its input. */
function changeLine(c: Change): string {
  if (c.change !== 'changed') return `${SIGNS[c.change]} ${c.id}  ${preview((c.after ?? c.before)!.input)}`;
  const fields = SHOWN.filter((f) => JSON.stringify(c.before![f]) !== JSON.stringify(c.after![f]));
  return `~ ${c.id}  ${fields.map((f) => `${f}: ${preview(c.before![f], 30)} -> ${preview(c.after![f], 30)}`).join('; ')}`;
}

/** What changed between two versions: counts, or with `detail` one line per datapoint. */
export async function diffVersions(target: Target, ref: string | undefined, from?: string, to?: string, detail = false, json = false) {
  if (!from || !to || !VERSION_OR_TAG.test(from) || !VERSION_OR_TAG.test(to))
    throw usage('name two versions: datashelf diff DATASET FROM TO');
  const dataset = await resolveDataset(target, ref);
  const counts = { added: 0, removed: 0, changed: 0 };
  const lines: string[] = [];
  const changes: Change[] = [];
  for await (const c of everyPage<Change>(target, `/v1/datasets/${dataset.id}/diff?from=${from}&to=${to}`)) {
    counts[c.change] += 1;
    if (json) changes.push(c);
    else if (detail) lines.push(changeLine(c));
  }
  if (json) return JSON.stringify(detail ? changes : counts, null, 2) + '\n';
  const head = `${dataset.name} ${from} -> ${to}: ${count(counts.added)} added, ${count(counts.removed)} removed, ${count(counts.changed)} changed\n`;
  return head + lines.map((l) => l + '\n').join('');
}

export interface CutFlags {
  container?: string;
  filters?: string;
  size?: string;
  description?: string;
}

/** A new dataset cut from a telemetry container's events. */
export async function cutDataset(target: Target, name: string | undefined, flags: CutFlags, json: boolean): Promise<string> {
  if (!name || !flags.container || !flags.size) throw usage('datashelf cut NAME --container C --size N [--filters JSON]');
  let filters: unknown;
  try {
    filters = flags.filters ? JSON.parse(flags.filters) : undefined;
  } catch (error) {
    throw usage(`--filters is not JSON: ${(error as Error).message}`);
  }
  if (!/^\d+$/.test(flags.size)) throw usage('--size must be a whole number');
  const body = {
    name,
    container: flags.container,
    size: Number(flags.size),
    ...(filters !== undefined && { filters }),
    ...(flags.description && { description: flags.description }),
  };
  const d = await callJson<{ id: string; name: string; datapoint_count: number }>(target, '/v1/datasets', { method: 'POST', json: body });
  return json ? JSON.stringify(d, null, 2) + '\n' : `cut dataset "${d.name}" (${d.id}): ${count(d.datapoint_count)} datapoints\n`;
}
