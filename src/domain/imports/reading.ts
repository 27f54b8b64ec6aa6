import type { ImportRow, PendingRow } from './rows.js';
import type { ImportFormat, Mapping, SourceRecord } from '../../model/imports.js';
import { DatapointFields } from '../../model/datapoints.js';
import { LIMITS } from '../../model/limits.js';
import { checker } from '../../model/validate.js';
import { recordsOf } from '../../formats/sources.js';
import { jsonLine, lineOf } from '../../formats/read-jsonl.js';
import type { NdjsonText } from '../../formats/ndjson.js';
import { badRequest, DomainError, invalid } from '../errors.js';
import { unplacedDraft, type Draft } from '../versions/drafts.js';
import { refuseRepeats, sourceHasher } from './rows.js';
import { checkColumns, columnsRead, compileMapping, rowAsInput, rowIssues } from './mapping.js';
import { withAttachments, type FileKeeper } from './files.js';
import { BodyParts } from './parts.js';
import type { ImportJob, ImportOptions } from './pipeline.js';

/**
 * A batch of an import as its reading thread hands it to its writing thread: everything
 * worked out that needs nothing from the store, in plain data that crosses threads.
 */
export interface ReadBatch {
  /** Upsert and sync: the rows as read, matched against the live datapoints when written. */
  pending: PortableRow[];
  /** Add and replace: what names each row (its place, id and external id)… */
  rows: ImportRow[];
  /** …and its new datapoint, placed and numbered when written. */
  drafts: Draft[];
}

/** A row as read, for the trip to the writing thread: a JSON line as its text (parsed there only if the upsert must), others as read. */
export type PortableRow = { sourceHash: string; part?: number } & ({ line: NdjsonText } | { record: Omit<SourceRecord, 'files'> });

const checkFields = checker(DatapointFields);

/**
 * Reads a body into batches of `batchRows`: parses it in its format, stores the files its
 * cells hold (`keep`), hashes each row's source, and (adding) maps and checks each row
 * and drafts its datapoint. Any row that cannot be a datapoint throws a 4xx naming it.
 */
export async function* readBatches(
  job: ImportJob,
  body: AsyncIterable<Buffer>,
  keep: FileKeeper,
  batchRows: number,
): AsyncGenerator<ReadBatch> {
  const { options } = job;
  const mapping = options.mapping ?? {};
  const read = reader(options);
  const adding = options.mode === 'add' || options.mode === 'replace';
  let batch: PendingRow[] = [];
  let rows = 0;
  const made = () => (adding ? drafted(batch, read, job.stamp.at) : { pending: batch.map(portable), rows: [], drafts: [] });
  for await (const { part, format, split, records } of sourcesOf(options, body, keep)) {
    const hashOf = sourceHasher({ format, mapping, split });
    // A table's rows fill no fields by name: each is an input whole.
    let first = !options.parts?.[part]?.as_input;
    for await (const record of records) {
      if (first) checkColumns(mapping, Object.keys(record.value), { fixed: format !== 'jsonl', files: !!record.attachments });
      first = false;
      if (++rows > LIMITS.importRowsMax) throw new DomainError('payload_too_large', `at most ${LIMITS.importRowsMax} rows per import`);
      batch.push({ record, sourceHash: hashOf(record), part });
      if (batch.length < batchRows) continue;
      yield made();
      batch = [];
    }
  }
  if (batch.length) yield made();
  if (rows === 0 && options.mode === 'add') throw badRequest('the file holds no rows');
}

/** One file of the body: its rows, and how they are read. */
interface Source {
  part: number;
  format: ImportFormat;
  split?: string;
  records: AsyncIterable<SourceRecord>;
}

/** The files of the body, one by one (a body of one file, unless `parts` says otherwise). */
async function* sourcesOf(options: ImportOptions, body: AsyncIterable<Buffer>, keep: FileKeeper): AsyncIterable<Source> {
  const mapping = options.mapping ?? {};
  const read = (format: ImportFormat, bytes: AsyncIterable<Buffer>) =>
    withAttachments(recordsOf(format, bytes, mapping, columnsRead(mapping)), keep);
  if (!options.parts) {
    yield { part: 0, format: options.format, split: options.split, records: read(options.format, body) };
    return;
  }
  const files = new BodyParts(body);
  for (const [part, { format, split = options.split, bytes }] of options.parts.entries()) {
    yield { part, format, split, records: read(format, files.next(bytes)) };
  }
}

/** Reads a source row into datapoint fields through the mapping of its file, and checks them. */
export function reader(options: ImportOptions): (row: PendingRow) => ImportRow {
  const mapping = options.mapping ?? {};
  const parts: { format: ImportFormat; split?: string; as_input?: boolean }[] = options.parts ?? [options];
  const toRows = parts.map((part) => {
    const fileOptions = { format: part.format, split: part.split ?? options.split };
    return part.as_input ? rowAsInput(fileOptions) : compileMapping(mapping, fileOptions);
  });
  return ({ record, sourceHash, part = 0 }) => checked({ ...toRows[part](record), sourceHash }, mapping);
}

/** The row again, on the writing thread. */
export const revived = (row: PortableRow): PendingRow => ({
  sourceHash: row.sourceHash,
  part: row.part,
  record: 'line' in row ? jsonLine(row.line) : row.record,
});

function portable({ record, sourceHash, part }: PendingRow): PortableRow {
  const line = lineOf(record);
  if (line) return { sourceHash, part, line };
  // Read field by field: a row of another format is an object of its reader's, with more in it than crosses threads.
  const { at, value, raw, attachments } = record;
  return { sourceHash, part, record: { at, value, ...(raw !== undefined && { raw }), ...(attachments && { attachments }) } };
}

/** Every row's fields and new datapoint; the writer needs of the fields only what names the row. */
function drafted(batch: PendingRow[], read: (row: PendingRow) => ImportRow, stampedAt: string): ReadBatch {
  const rows = batch.map(read);
  refuseRepeats(rows);
  const drafts = rows.map((row) => unplacedDraft(row.fields, row.at, stampedAt, { id: row.id, source_hash: row.sourceHash }));
  const named = rows.map(({ at, id, sourceHash, fields }) => ({
    at,
    ...(id !== undefined && { id }),
    sourceHash,
    fields: fields.external_id === undefined ? {} : { external_id: fields.external_id },
  }));
  return { pending: [], rows: named, drafts };
}

function checked(row: ImportRow, mapping: Mapping): ImportRow {
  const issues = checkFields(row.fields);
  if (issues.length === 0) return row;
  const named = rowIssues(row.at, issues, mapping);
  throw invalid(`${named.map((i) => `${i.field} ${i.message}`).join('; ')}`, named);
}
