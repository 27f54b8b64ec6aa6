import type { Tx } from '../../store/store.js';
import * as imports from '../../store/imports.js';
import type { LiveKey } from '../../store/imports.js';
import type { DatapointWrite } from '../../store/datapoint-rows.js';
import { changedContent, sameContent } from '../datapoint-content.js';
import { externalIdOf, namedTwice, refuseRepeats, type ImportRow, type PendingRow } from './rows.js';

/** What a batch of an upsert does to the live datapoints. */
export interface Matched {
  unchanged: number;
  /** New content for datapoints whose rows changed them (same id, same seq). */
  changes: DatapointWrite[];
  /** The rows behind `changes`, in order, for messages. */
  changed: ImportRow[];
  /** Rows naming no live datapoint: new ones. */
  creates: ImportRow[];
}

const twice = (row: ImportRow) => namedTwice(row, 'another row of the file');

/**
 * Matches an upsert's rows to live datapoints, in two steps. First by source hash: a row
 * whose text and mapping are those a live datapoint was imported from is that datapoint,
 * unchanged; it is never parsed. The others are read and matched by id or external id:
 * changed, unchanged after all, or new. Every datapoint met is remembered, so one named
 * twice is refused and a sync knows what the file left out.
 */
export class Matcher {
  private readonly met = new Set<number>();

  constructor(
    private readonly datasetSeq: number,
    private readonly version: number,
    private readonly read: (row: PendingRow) => ImportRow,
    private readonly at: string,
  ) {}

  /** The sequence numbers of every live datapoint a row named. */
  get seen(): number[] {
    return [...this.met];
  }

  async match(tx: Tx, batch: PendingRow[]): Promise<Matched> {
    const rest = await this.byHash(tx, batch);
    const result: Matched = { unchanged: batch.length - rest.length, changes: [], changed: [], creates: [] };
    if (rest.length === 0) return result;
    const rows = rest.map(this.read);
    refuseRepeats(rows);
    const live = await imports.liveKeys(
      tx,
      this.datasetSeq,
      rows.flatMap((r) => (r.id ? [r.id] : [])),
      rows.flatMap((r) => externalIdOf(r) ?? []),
    );
    const byId = new Map(live.map((k) => [k.id, k]));
    const byExternalId = new Map(live.flatMap((k) => (k.external_id === null ? [] : [[k.external_id, k] as const])));
    const suspects: { row: ImportRow; id: string }[] = [];
    for (const row of rows) {
      const match = (row.id && byId.get(row.id)) || byExternalId.get(externalIdOf(row) ?? '');
      if (!match) result.creates.push(row);
      else {
        this.meet(match, row);
        suspects.push({ row, id: match.id });
      }
    }
    await this.compare(tx, suspects, result);
    return result;
  }

  /** Claims, for each row, a live datapoint imported from the same text; returns the rows left. */
  private async byHash(tx: Tx, batch: PendingRow[]): Promise<PendingRow[]> {
    const found = await imports.liveBySourceHash(tx, this.datasetSeq, [...new Set(batch.map((p) => p.sourceHash))]);
    const byHash = new Map<string, LiveKey[]>();
    for (const key of found) byHash.set(key.source_hash!, [...(byHash.get(key.source_hash!) ?? []), key]);
    return batch.filter((pending) => {
      const claimed = byHash.get(pending.sourceHash)?.find((k) => !this.met.has(k.seq) && k.valid_from !== this.version);
      if (claimed) this.met.add(claimed.seq);
      return !claimed;
    });
  }

  private meet(match: LiveKey, row: ImportRow): void {
    if (match.valid_from === this.version || this.met.has(match.seq)) throw twice(row);
    this.met.add(match.seq);
  }

  /** Reads the datapoints the rows name, and keeps the rows that change them. */
  private async compare(tx: Tx, suspects: { row: ImportRow; id: string }[], result: Matched): Promise<void> {
    if (suspects.length === 0) return;
    const old = new Map(
      (
        await imports.liveByIds(
          tx,
          this.datasetSeq,
          suspects.map((s) => s.id),
        )
      ).map((d) => [d.id, d]),
    );
    for (const { row, id } of suspects) {
      const before = old.get(id)!;
      const content = changedContent(before, row.fields);
      if (sameContent(content, before)) result.unchanged += 1;
      else {
        result.changes.push({ ...content, created_at: before.created_at, updated_at: this.at, source_hash: row.sourceHash });
        result.changed.push(row);
      }
    }
  }
}
