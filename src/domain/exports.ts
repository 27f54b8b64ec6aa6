import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Store } from '../store/store.js';
import { attachmentKinds, heldAttachments } from '../store/attachments.js';
import { sha256Of } from '../model/attachments.js';
import type { DatapointRecord } from '../model/datapoints.js';
import type { ReadableDataset } from './datasets.js';
import type { SourceFile } from '../model/imports.js';
import { exportStream, type ExportFormat } from '../formats/export.js';
import { featureFor } from '../formats/hf-features.js';
import { parquetExport, type ParquetFiles } from '../formats/write-parquet.js';
import { tableParquet } from '../formats/write-table.js';
import type { TableSchema } from '../formats/table-schema.js';
import type { Caller } from './caller.js';
import type { AttachmentService } from './attachments.js';
import { namedIn } from './attachment-refs.js';
import type { DatapointListing, DatapointService } from './datapoints.js';
import type { VersionChoice } from './versions/select.js';

/**
 * Versions as files. Parquet carries each attachment name as a column of files
 * (`{bytes, path}`, the Hugging Face `Image` / `Audio` / `Video` / `Pdf` feature when
 * every file in it is of that kind), so a Hub dataset round-trips; the other formats
 * carry attachment ids.
 */
export class DatasetExports {
  constructor(
    private readonly store: Store,
    private readonly datapoints: DatapointService,
    private readonly attachments: AttachmentService,
  ) {}

  async export(
    caller: Caller,
    datasetId: string,
    choice: VersionChoice,
    listing: DatapointListing,
    format: ExportFormat,
  ): Promise<{ version: number; stream: Readable }> {
    const { dataset, version, datapoints } = await this.datapoints.export(caller, datasetId, choice, listing);
    if (format !== 'parquet') return { version, stream: exportStream(datapoints, format) };
    return { version, stream: parquetExport(datapoints, await this.filesOf(dataset, version)) };
  }

  /**
   * A version's Parquet cut into files of `rows` datapoints each, in order (the last
   * holds the rest; a version with none makes one empty file), read in one pass. With
   * `table`, of that table's columns: each datapoint must be a row of it (see firstMisfit).
   */
  async *parquetShards(
    caller: Caller,
    datasetId: string,
    choice: VersionChoice,
    listing: DatapointListing,
    rows: number,
    table?: TableSchema,
  ): AsyncGenerator<Buffer> {
    const { dataset, version, datapoints } = await this.datapoints.export(caller, datasetId, choice, listing);
    const files = table ? this.tableFiles(dataset, table) : await this.filesOf(dataset, version);
    const source = datapoints[Symbol.asyncIterator]();
    for (let shard = 0; ; shard++) {
      const part = upTo(source, rows);
      const bytes = await buffer(table ? tableParquet(part.items(), table, files) : parquetExport(part.items(), files));
      if (part.taken === 0 && shard > 0) return;
      yield bytes;
      if (part.taken < rows) return;
    }
  }

  /** Why the first datapoint that is not a row of a table is not one (`misfit` says), or null when every one is. */
  async firstMisfit(
    caller: Caller,
    datasetId: string,
    choice: VersionChoice,
    listing: DatapointListing,
    misfit: (d: DatapointRecord) => string | null,
  ): Promise<string | null> {
    const { datapoints } = await this.datapoints.export(caller, datasetId, choice, listing);
    for await (const d of datapoints) {
      const why = misfit(d);
      if (why !== null) return why;
    }
    return null;
  }

  /** A table's columns of files, read from each datapoint's attachments of their names. */
  private tableFiles(dataset: ReadableDataset, table: TableSchema): ParquetFiles {
    return { columns: table.files.map((name) => ({ name, feature: null })), filesOf: (batch) => this.files(dataset.project_id, batch) };
  }

  /** The version's attachments as Parquet columns: a column per name, its feature from the media types it holds. */
  private async filesOf(dataset: ReadableDataset, version: number): Promise<ParquetFiles | undefined> {
    const kinds = await attachmentKinds(this.store, dataset.project_id, dataset.seq, version);
    if (kinds.length === 0) return undefined;
    const names = [...new Set(kinds.map((k) => k.name))];
    const columns = names.map((name) => ({ name, feature: featureFor(kinds.filter((k) => k.name === name).map((k) => k.mime_type)) }));
    return { columns, filesOf: (batch) => this.files(dataset.project_id, batch) };
  }

  /** Each datapoint's files by attachment name: the bytes, and the filename as the path. */
  private async files(projectId: string, batch: DatapointRecord[]): Promise<Record<string, SourceFile>[]> {
    const named = batch.map((d) => namedIn(d.attachments));
    const ids = [...new Set(named.flatMap((n) => Object.values(n)))];
    const held = await heldAttachments(this.store, projectId, ids.map(sha256Of));
    const bytes = new Map<string, SourceFile>();
    for (const attachment of held) {
      bytes.set(attachment.id, { bytes: await buffer(await this.attachments.read(attachment)), path: attachment.filename });
    }
    return named.map((n) => Object.fromEntries(Object.entries(n).flatMap(([name, id]) => (bytes.has(id) ? [[name, bytes.get(id)!]] : []))));
  }
}

/** The next `limit` items of an iterator, leaving the rest to be read after (the iterator is not closed). */
function upTo<T>(source: AsyncIterator<T>, limit: number) {
  const part = {
    taken: 0,
    async *items(): AsyncGenerator<T> {
      while (part.taken < limit) {
        const next = await source.next();
        if (next.done) return;
        part.taken++;
        yield next.value;
      }
    },
  };
  return part;
}
