import type { Queryable } from './store.js';

/** What is known of a kept file without reading its bytes. */
export interface RenderInfo {
  path: string;
  sha256: string;
  git_oid: string;
  size: number;
}

/** A render whose bytes are kept as the blob of its SHA-256. */
export interface NewRender extends RenderInfo {
  created_at: string;
}

/** The kept files of a version among `paths`. */
export async function renderInfos(q: Queryable, datasetSeq: number, version: number, paths: string[]): Promise<RenderInfo[]> {
  if (paths.length === 0) return [];
  const rows = await q.db
    .selectFrom('hub_renders')
    .select(['path', 'sha256', 'git_oid', 'size'])
    .where('dataset_seq', '=', datasetSeq)
    .where('version', '=', version)
    .where('path', 'in', paths)
    .execute();
  // PostgreSQL returns bigints as strings.
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

/** Keeps a render unless one is kept already: the first render of a file stays its only one. */
export async function keepRender(q: Queryable, datasetSeq: number, version: number, render: NewRender): Promise<void> {
  await q.db
    .insertInto('hub_renders')
    .values({ dataset_seq: datasetSeq, version, ...render })
    .onConflict((oc) => oc.columns(['dataset_seq', 'version', 'path']).doNothing())
    .execute();
}
