import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../store.js';

/**
 * Each live dataset is one Hub repository of its project's namespace, and no two are the
 * same one: `repo_name` is the name its path gives it when the path is in that namespace
 * (`acme/pick-cube` in namespace `acme`: `pick-cube`), else its own name. A dataset made
 * before whose path would make it the same repository as another keeps its name's.
 */
export function datasetRepos(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('datasets')
        .addColumn('repo_name', dialect === 'postgres' ? sql`text collate "C"` : 'text')
        .execute();
      await db
        .updateTable('datasets')
        .set({ repo_name: sql.ref('name') })
        .execute();
      for (const dataset of await placedByPath(db)) {
        await db.updateTable('datasets').set({ repo_name: dataset.repo }).where('seq', '=', dataset.seq).execute();
      }
      await liveUnique(db, 'datasets_live_repo', 'repo_name');
      if (dialect === 'sqlite') {
        // A write may break both rules (a name taken by a dataset that is the repository of
        // that name). PostgreSQL checks the oldest unique index first, SQLite the newest:
        // made again after the repository's, the name's is checked first on both, so such
        // a write is told the name is taken on either store.
        await db.schema.dropIndex('datasets_live_name').execute();
        await liveUnique(db, 'datasets_live_name', 'name');
      }
    },
  };
}

/** Unique among a project's live datasets (a soft-deleted one's is free again). */
function liveUnique(db: Kysely<any>, index: string, column: string) {
  return db.schema
    .createIndex(index)
    .on('datasets')
    .columns(['project_id', column])
    .unique()
    .where(sql.ref('deleted_at'), 'is', null)
    .execute();
}

interface Pathed {
  seq: number;
  project_id: string;
  name: string;
  deleted_at: string | null;
  repo: string;
}

/** The datasets whose path names another repository of their namespace than their name does, and may be it. */
async function placedByPath(db: Kysely<any>): Promise<Pathed[]> {
  const rows: (Omit<Pathed, 'repo' | 'seq'> & { seq: number | string; path: string; slug: string })[] = await db
    .selectFrom('datasets as d')
    .innerJoin('projects as p', 'p.id', 'd.project_id')
    .innerJoin('namespaces as n', 'n.id', 'p.namespace_id')
    .select(['d.seq', 'd.project_id', 'd.name', 'd.path', 'd.deleted_at', 'n.slug'])
    .where('d.path', 'is not', null)
    .execute();
  const pathed: Pathed[] = rows
    .filter((r) => r.path.startsWith(`${r.slug}/`))
    .map((r) => ({ ...r, seq: Number(r.seq), repo: r.path.slice(r.slug.length + 1) }))
    .filter((r) => r.repo !== r.name);
  const placed: Pathed[] = [];
  for (const dataset of pathed) {
    // Only live datasets must not clash: an undeleted one is checked as it comes back.
    if (dataset.deleted_at === null && (await clashes(db, dataset, pathed))) continue;
    placed.push(dataset);
  }
  return placed;
}

/** Another live dataset would be the same repository: one named so, or one whose path names it too. */
async function clashes(db: Kysely<any>, dataset: Pathed, pathed: Pathed[]): Promise<boolean> {
  const twin = pathed.some(
    (o) => o.seq !== dataset.seq && o.deleted_at === null && o.project_id === dataset.project_id && o.repo === dataset.repo,
  );
  const named = await db
    .selectFrom('datasets')
    .select('seq')
    .where('project_id', '=', dataset.project_id)
    .where('name', '=', dataset.repo)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return twin || named !== undefined;
}
