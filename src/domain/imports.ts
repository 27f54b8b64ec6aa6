import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Store } from '../store/store.js';
import { DatapointFields } from '../model/datapoints.js';
import type { ImportFormat, ImportMode, ImportResult, Mapping, SourceRecord } from '../model/imports.js';
import { LIMITS } from '../model/limits.js';
import { checker } from '../model/validate.js';
import type { Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';
import type { DatasetService } from './datasets.js';
import { badRequest, DomainError, invalid } from './errors.js';
import { ImportRun } from './import-run.js';
import { checkColumns, compileMapping, rowIssues, type MappedRow } from './mapping.js';

export interface ImportOptions {
  format: ImportFormat;
  mode: ImportMode;
  mapping?: Mapping;
  message?: string | null;
  base_version?: number;
  /** The split of every row that names none. */
  split?: string;
}

const checkFields = checker(DatapointFields);

/** Thrown to roll back an import that changed nothing, carrying what it found. */
class Unchanged extends Error {
  constructor(readonly result: ImportResult) {
    super('the import changed nothing');
  }
}

/**
 * Imports rows from a stream into the next version of a dataset. Rows flow from the
 * source through the mapping and checks into the store a batch at a time, inside one
 * transaction: memory does not grow with the file, and an error in any row leaves
 * nothing visible. Between batches the event loop is given back, so a large import on
 * the embedded store does not stall other requests.
 */
export class ImportService {
  constructor(
    private readonly store: Store,
    private readonly datasets: DatasetService,
    private readonly clock: Clock,
  ) {}

  async import(caller: Caller, datasetId: string, source: AsyncIterable<SourceRecord>, options: ImportOptions): Promise<ImportResult> {
    const dataset = await this.datasets.get(caller, datasetId);
    const mapping = options.mapping ?? {};
    const toRow = compileMapping(mapping, options);
    const at = isoAt(this.clock);
    try {
      return await this.store.transaction(async (tx) => {
        const run = await ImportRun.begin(tx, dataset, options.mode, options.base_version, at);
        let batch: MappedRow[] = [];
        let rows = 0;
        for await (const record of source) {
          if (rows === 0) checkColumns(mapping, Object.keys(record.value), options.format !== 'jsonl');
          if (++rows > LIMITS.importRowsMax) throw new DomainError('payload_too_large', `at most ${LIMITS.importRowsMax} rows per import`);
          batch.push(checked(toRow(record), mapping));
          if (batch.length >= tx.dialect.bulkRows) {
            await run.write(batch);
            batch = [];
            await nextTurn();
          }
        }
        if (batch.length) await run.write(batch);
        if (rows === 0 && options.mode === 'add') throw badRequest('the file holds no rows');
        const result = await run.finish(options.message ?? null);
        if (!result.created) throw new Unchanged(result);
        return result;
      });
    } catch (outcome) {
      if (outcome instanceof Unchanged) return outcome.result;
      throw outcome;
    }
  }
}

function checked(row: MappedRow, mapping: Mapping): MappedRow {
  const issues = checkFields(row.fields);
  if (issues.length === 0) return row;
  const named = rowIssues(row.at, issues, mapping);
  throw invalid(`${named.map((i) => `${i.field} ${i.message}`).join('; ')}`, named);
}
