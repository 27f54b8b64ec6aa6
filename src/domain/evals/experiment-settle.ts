import { randomUUID } from 'node:crypto';
import type { Tx } from '../../store/store.js';
import * as store from '../../store/experiments.js';
import type { ExperimentRecord } from '../../store/experiments.js';
import * as items from '../../store/run-items.js';
import { insertEvaluations } from '../../store/runs.js';
import { metricIdsNamed } from '../../store/catalog.js';
import { projectOf, type Caller } from '../caller.js';
import { notify } from '../notify.js';
import { runEvent } from './runs.js';

/** One run of an experiment's target, as far as it has come: the outcome for a datapoint. */
export interface Outcome {
  /** The client's id for the run: kept as the item's trace id, which scores name. */
  trace: string;
  example_id: string;
  output: unknown;
  error: string | null;
  latency_ms: number | null;
  /** Whether the run had finished: a finished one replaces an item, one still going only fills an empty place. */
  ended: boolean;
}

/** A score for the item a run produced, named by the run's id. */
export interface PendingScore {
  trace: string;
  key: string;
  score: number | null;
  comment: string | null;
}

export type Pending = { kind: 'run'; payload: Outcome } | { kind: 'feedback'; payload: PendingScore };

/**
 * An experiment's run has no threshold of its own to pass: its scores come from
 * evaluators (most often 0 to 1, or booleans), so a score passes at one half.
 */
export const EXPERIMENT_THRESHOLD = 0.5;

/** Pending entries read per pass: a pass settles what it can of them and leaves the rest. */
const PASS = 1000;

/**
 * Turns what waits for an experiment into items and scores, inside the transaction
 * that holds its lock: an outcome once its datapoint is in the pinned version, a score
 * once the item it is for exists. The rest keeps waiting (a re-pin may settle it).
 */
export async function settle(tx: Tx, caller: Caller, experiment: ExperimentRecord, datasetSeq: number, at: string): Promise<void> {
  let after = 0;
  for (;;) {
    const page = await store.pendingOf(tx, experiment.id, after, PASS);
    const entries = page.map((row) => ({ seq: row.seq, ...(row as unknown as Pending) }));
    const done = [
      ...(await writeOutcomes(tx, experiment, datasetSeq, entries, at)),
      ...(await writeScores(tx, caller, experiment, entries, at)),
    ];
    await store.settlePending(tx, done);
    if (page.length < PASS) return;
    after = page[page.length - 1].seq;
  }
}

type Entry = Pending & { seq: number };

async function writeOutcomes(tx: Tx, experiment: ExperimentRecord, datasetSeq: number, entries: Entry[], at: string): Promise<number[]> {
  const outcomes = entries.filter((e): e is Entry & { kind: 'run' } => e.kind === 'run');
  const ids = [...new Set(outcomes.map((o) => o.payload.example_id))];
  const seqs = new Map((await items.datapointSeqsAt(tx, datasetSeq, experiment.dataset_version, ids)).map((d) => [d.id, d.seq]));
  const started: items.RunItemRow[] = [];
  // The last finished outcome for a datapoint wins, as a later request would.
  const finished = new Map<number, items.RunItemRow>();
  const done: number[] = [];
  for (const { seq, payload: o } of outcomes) {
    const datapointSeq = seqs.get(o.example_id);
    if (datapointSeq === undefined) continue;
    const row = {
      run_id: experiment.id,
      datapoint_seq: datapointSeq,
      datapoint_id: o.example_id,
      output: JSON.stringify(o.output ?? null),
      latency_ms: o.latency_ms,
      input_tokens: null,
      output_tokens: null,
      cost: null,
      error: o.error,
      trace_id: o.trace,
      created_at: at,
      updated_at: at,
    };
    if (o.ended) finished.set(datapointSeq, row);
    else started.push(row);
    done.push(seq);
  }
  await items.insertRunItemsIfAbsent(tx, started);
  await items.upsertRunItems(tx, [...finished.values()]);
  return done;
}

async function writeScores(tx: Tx, caller: Caller, experiment: ExperimentRecord, entries: Entry[], at: string): Promise<number[]> {
  const scores = entries.filter((e): e is Entry & { kind: 'feedback' } => e.kind === 'feedback');
  if (scores.length === 0) return [];
  const targets = new Map(
    (await store.itemsByTrace(tx, experiment.id, [...new Set(scores.map((s) => s.payload.trace))])).map((i) => [i.trace_id, i]),
  );
  const ready = scores.filter((s) => targets.has(s.payload.trace));
  if (ready.length === 0) return [];
  const projectId = projectOf(caller);
  const keys = [...new Set(ready.map((s) => s.payload.key))].sort();
  const metrics = await metricIdsNamed(tx, projectId, keys, (name) => ({
    id: randomUUID(),
    project_id: projectId,
    name,
    description: null,
    created_at: at,
  }));
  const rows = ready.map(({ payload: s }) => {
    const item = targets.get(s.trace)!;
    return {
      id: randomUUID(),
      run_id: experiment.id,
      user_id: caller.userId,
      record_id: item.datapoint_id,
      record_seq: item.datapoint_seq,
      metric_id: metrics.get(s.key)!,
      result: s.score,
      threshold: EXPERIMENT_THRESHOLD,
      explanation: s.comment,
      model_slug: null,
      input_tokens: null,
      output_tokens: null,
      evaluation_cost: null,
      is_success: null,
      started_at: at,
      finished_at: null,
      created_at: at,
    };
  });
  await insertEvaluations(tx, rows);
  const metricIds = [...new Set(rows.map((r) => r.metric_id))];
  await notify(tx, projectId, at, 'evaluations.written', {
    ...runEvent({ ...experiment, result: null }),
    count: rows.length,
    metric_ids: metricIds,
  });
  return ready.map((s) => s.seq);
}
