import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Store } from '../../store/store.js';
import { keepRender, renderInfos, type RenderInfo } from '../../store/hub-renders.js';
import type { BlobBackend } from '../../store/blobs/backend.js';
import type { Dataset } from '../../model/datasets.js';
import type { CardData } from './card.js';
import { cardText } from './card.js';
import { isoAt, type Clock } from '../clock.js';
import type { Caller } from '../caller.js';
import type { DatasetExports } from '../exports.js';
import { DomainError } from '../errors.js';
import { CARD_PATH, DEFAULT_SPLIT, isLfs, shardPath, type PlannedFile } from './layout.js';
import { splitSchemasAt } from '../../store/hub-schemas.js';
import { tableMisfit } from '../../formats/write-table.js';
import { pushedSchemaOfText, type PushedSchema } from './pushed-schema.js';

/** A file of a revision as the Hub describes it: its ids and size, whether it is an LFS file, and what it is (when known). */
export interface HubFile extends RenderInfo {
  lfs: boolean;
  mime_type?: string;
}

/** What a rendered file is rendered from. */
export interface RenderSource {
  caller: Caller;
  dataset: Dataset;
  version: number;
  card: CardData;
}

/**
 * The files datashelf renders for a version (its card, its splits' Parquet shards),
 * each rendered the first time it is asked for and kept (as a blob, read like a tree's
 * files), so its bytes and ETag never change. A split's shards are rendered together, in one pass over its datapoints.
 */
export class HubRenders {
  constructor(
    private readonly store: Store,
    private readonly exports: DatasetExports,
    private readonly clock: Clock,
    private readonly blobs: BlobBackend,
    readonly shardRows: number,
  ) {}

  /** The files, rendered (and kept) where they were not yet, in the order given. */
  async infos(at: RenderSource, files: PlannedFile[]): Promise<HubFile[]> {
    const kept = new Map((await this.kept(at, files)).map((f) => [f.path, f]));
    const infos: HubFile[] = [];
    for (const file of files) infos.push(kept.get(file.path) ?? (await this.render(at, file)));
    return infos;
  }

  private async kept(at: RenderSource, files: PlannedFile[]): Promise<HubFile[]> {
    const infos = await renderInfos(
      this.store,
      at.dataset.seq,
      at.version,
      files.map((f) => f.path),
    );
    return infos.map((info) => ({ ...info, lfs: isLfs(info.path) }));
  }

  /** Renders a file (a shard: every shard of its split) and keeps it; when another request kept one first, that one is the file. */
  private async render(at: RenderSource, file: PlannedFile): Promise<HubFile> {
    if (file.path === CARD_PATH) await this.keep(at, file.path, Buffer.from(cardText(at.dataset.name, at.dataset.description, at.card)));
    else await this.renderSplit(at, file);
    const [info] = await this.kept(at, [file]);
    if (!info) throw new DomainError('internal', `${file.path} is not a file datashelf renders`);
    return info;
  }

  private async renderSplit(at: RenderSource, file: PlannedFile): Promise<void> {
    const of = file.shard?.of ?? 1;
    const listing = file.split ? { split: file.split } : {};
    const table = file.split ? await this.tableOf(at, file.split) : null;
    const shards = this.exports.parquetShards(
      at.caller,
      at.dataset.id,
      { version: at.version },
      listing,
      this.shardRows,
      table ?? undefined,
    );
    let index = 0;
    for await (const bytes of shards) {
      await this.keep(at, shardPath(file.split ?? DEFAULT_SPLIT, index++, of), bytes);
    }
  }

  /**
   * The columns a split was pushed with, when it keeps them and every datapoint of it is
   * still a row of them. A datapoint changed since (through /v1) so that it is not (its
   * input no longer an object of the columns, a value no longer of its column's type)
   * makes the whole split render in datashelf's own columns: nothing is dropped or
   * rounded to fit, and a reader sees one shape for the split.
   */
  private async tableOf(at: RenderSource, split: string): Promise<PushedSchema | null> {
    const [kept] = await splitSchemasAt(this.store, at.dataset.seq, at.version, split);
    if (!kept) return null;
    const schema = pushedSchemaOfText(kept.schema);
    const misfit = await this.exports.firstMisfit(at.caller, at.dataset.id, { version: at.version }, { split }, tableMisfit(schema));
    return misfit === null ? schema : null;
  }

  /** Keeps a render's bytes as a blob (the same bytes rendered twice are one blob), then records it. */
  private async keep(at: RenderSource, path: string, bytes: Buffer): Promise<void> {
    const { sha256 } = await this.blobs.put(Readable.from([bytes]), Number.MAX_SAFE_INTEGER);
    const info: RenderInfo = {
      path,
      sha256,
      git_oid: createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex'),
      size: bytes.length,
    };
    await keepRender(this.store, at.dataset.seq, at.version, { ...info, created_at: isoAt(this.clock) });
  }
}

/** The Git LFS pointer the Hub keeps in a repository in place of a large file's bytes. */
export const lfsPointer = (sha256: string, size: number) =>
  `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`;

/** A file of the version's tree as the Hub shows it: an LFS file whose git oid is its pointer's. */
export function storedFile(path: string, stored: { sha256: string; size: number; mime_type: string }): HubFile {
  const pointer = lfsPointer(stored.sha256, stored.size);
  const git_oid = createHash('sha1')
    .update(`blob ${Buffer.byteLength(pointer)}\0${pointer}`)
    .digest('hex');
  return { path, sha256: stored.sha256, size: stored.size, git_oid, lfs: true, mime_type: stored.mime_type };
}
