import { Migrator, type Kysely, type Migration } from 'kysely';
import type { DialectName } from './store.js';
import { init } from './migrations/0001_init.js';
import { detachCollections } from './migrations/0002_detach_collections.js';
import { jobsAndPaths } from './migrations/0003_jobs_and_paths.js';
import { telemetry } from './migrations/0004_telemetry.js';
import { evaluations } from './migrations/0005_evaluations.js';
import { withheldReplays } from './migrations/0006_withheld_replays.js';
import { externalIdsAndSplits } from './migrations/0007_external_ids_and_splits.js';
import { sourceHashes } from './migrations/0008_source_hashes.js';
import { versionTags } from './migrations/0009_version_tags.js';
import { audit } from './migrations/0010_audit.js';
import { itemSchemas } from './migrations/0011_item_schemas.js';
import { versionsIndex } from './migrations/0012_versions_index.js';
import { datapointSearch } from './migrations/0013_datapoint_search.js';
import { runItems } from './migrations/0014_run_items.js';
import { webhooks } from './migrations/0015_webhooks.js';
import { reviewStates } from './migrations/0017_review_states.js';
import { stagedVersions } from './migrations/0018_staged_versions.js';
import { langsmith } from './migrations/0019_langsmith.js';
import { deferredSearchIndex } from './migrations/0020_deferred_search_index.js';
import { hubRenders } from './migrations/0021_hub_renders.js';
import { attachments } from './migrations/0022_attachments.js';
import { datasetFiles } from './migrations/0023_dataset_files.js';
import { datasetRepos } from './migrations/0024_dataset_repos.js';
import { hubSplitSchemas } from './migrations/0025_hub_split_schemas.js';
import { hubRenderBlobs } from './migrations/0026_hub_render_blobs.js';

/** Migrations in order; each takes the dialect so it can pick column types that differ. */
const MIGRATIONS: Record<string, (dialect: DialectName) => Migration> = {
  '0001_init': init,
  '0002_detach_collections': detachCollections,
  '0003_jobs_and_paths': jobsAndPaths,
  '0004_telemetry': telemetry,
  '0005_evaluations': evaluations,
  '0006_withheld_replays': withheldReplays,
  '0007_external_ids_and_splits': externalIdsAndSplits,
  '0008_source_hashes': sourceHashes,
  '0009_version_tags': versionTags,
  '0010_audit': audit,
  '0011_item_schemas': itemSchemas,
  '0012_versions_index': versionsIndex,
  '0013_datapoint_search': datapointSearch,
  '0014_run_items': runItems,
  '0015_webhooks': webhooks,
  '0017_review_states': reviewStates,
  '0018_staged_versions': stagedVersions,
  '0019_langsmith': langsmith,
  '0020_deferred_search_index': deferredSearchIndex,
  '0021_hub_renders': hubRenders,
  '0022_attachments': attachments,
  '0023_dataset_files': datasetFiles,
  '0024_dataset_repos': datasetRepos,
  '0025_hub_split_schemas': hubSplitSchemas,
  '0026_hub_render_blobs': hubRenderBlobs,
};

/** `schema` names the PostgreSQL schema the bookkeeping tables live in, when not the default. */
export function migrateToLatest(db: Kysely<any>, dialect: DialectName, schema?: string): Promise<void> {
  return migrateTo(db, dialect, null, schema);
}

/** Brings the schema up to the migration `target` (a key of MIGRATIONS), or the latest with null: tests of a migration start before it. */
export async function migrateTo(db: Kysely<any>, dialect: DialectName, target: string | null, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    migrationTableSchema: schema,
    provider: {
      getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).map(([name, make]) => [name, make(dialect)])),
    },
  });
  const { error } = target === null ? await migrator.migrateToLatest() : await migrator.migrateTo(target);
  if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
}
