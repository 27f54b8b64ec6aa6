import type { SourceFile, SourceRecord } from '../../model/imports.js';
import { fileMediaType } from '../../formats/file-types.js';
import { DomainError } from '../errors.js';

/** A file of an import to store as an attachment of the importing project: what it is, and the name it goes by. */
export interface ImportedFile {
  bytes: Uint8Array;
  mimeType: string;
  filename: string | null;
}

/** Stores a file as an attachment of the import's project; answers its id (`sha256:…`). */
export type FileKeeper = (file: ImportedFile) => Promise<string>;

/** Rows whose files are being stored at once, ahead of the row the import reads: storing waits on the disk. */
const AHEAD = 16;

/** The file as stored: its media type from its bytes (else its path), its path as its filename. */
export const importedFile = (file: SourceFile): ImportedFile => ({
  bytes: file.bytes,
  mimeType: fileMediaType(file.bytes, file.path),
  filename: file.path,
});

/** A refusal of a file (too large, no blob store) naming the row and column it came from. */
const placed = (error: unknown, where: string) =>
  error instanceof DomainError ? new DomainError(error.code, `${where}: ${error.message}`, error.issues, error.reason) : error;

async function stored(record: SourceRecord, keep: FileKeeper): Promise<SourceRecord> {
  const files = Object.entries(record.files!);
  const ids = await Promise.all(
    files.map(([column, file]) =>
      keep(importedFile(file)).catch((error: unknown) => {
        throw placed(error, `${record.at}, column "${column}"`);
      }),
    ),
  );
  const attachments = Object.fromEntries(files.map(([column], i) => [column, ids[i]]));
  return { at: record.at, value: record.value, attachments, ...(record.raw !== undefined && { raw: record.raw }) };
}

/**
 * The rows, in order, with the files they hold (Parquet `Image` / `Audio` cells) stored
 * as attachments and named by their ids: a few rows' files are stored at a time.
 */
export async function* withAttachments(source: AsyncIterable<SourceRecord>, keep: FileKeeper): AsyncGenerator<SourceRecord> {
  const ahead: Promise<SourceRecord>[] = [];
  try {
    for await (const record of source) {
      const next = record.files ? stored(record, keep) : Promise.resolve(record);
      // Waited for in turn below; until then a failure must not count as unhandled.
      next.catch(() => {});
      ahead.push(next);
      if (ahead.length >= AHEAD) yield await ahead.shift()!;
    }
    while (ahead.length) yield await ahead.shift()!;
  } finally {
    await Promise.allSettled(ahead);
  }
}
