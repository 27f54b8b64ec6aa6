import type { Store, Tx } from '../../store/store.js';
import * as store from '../../store/experiments.js';
import type { ExperimentRecord } from '../../store/experiments.js';
import { findRun, updateRun } from '../../store/runs.js';
import { findLiveDataset } from '../../store/datasets.js';
import { projectOf, type Caller } from '../caller.js';
import { isoAt, type Clock } from '../clock.js';
import { settle, type Outcome, type Pending } from './experiment-settle.js';

/** One run of a traced program, as a tracing client reports its start or its end. */
export interface TracedRun {
  /** The client's id for the run. */
  id: string;
  /** The experiment it ran in, by id or by name; null for a run traced outside any. */
  session: { id: string } | { name: string } | null;
  parent_run_id: string | null;
  /** The datapoint it ran on. */
  example_id: string | null;
  /** What it returned, once it has. */
  outputs?: unknown;
  error: string | null;
  started_at: string | null;
  ended_at: string | null;
}

/** A score given to a run (one datapoint's outcome) or, without a run, to a whole experiment. */
export interface Feedback {
  run_id: string | null;
  session_id: string | null;
  key: string;
  score: number | null;
  comment: string | null;
}

interface Routed {
  experiment: ExperimentRecord;
  pending: Pending[];
  /** Scores of the experiment as a whole, by key. */
  summary: Record<string, number | null>;
}

const millis = (at: string | null) => (at === null ? NaN : Date.parse(at));

function outcomeOf(run: TracedRun & { example_id: string }): Outcome {
  const latency = millis(run.ended_at) - millis(run.started_at);
  return {
    trace: run.id,
    example_id: run.example_id,
    output: run.outputs ?? null,
    error: run.error,
    latency_ms: Number.isFinite(latency) && latency >= 0 ? latency : null,
    ended: run.ended_at !== null,
  };
}

/** How long an outcome or a score waits for what it names before it is forgotten. */
export const PENDING_KEPT_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * What evaluation clients report about an experiment's runs: each outcome becomes the
 * run's item for its datapoint, each score an evaluation of that item. Clients send
 * these in batches over concurrent requests, so a score may come before its outcome
 * and an outcome before the version it belongs to is pinned: each waits until what it
 * names is there (see settle). Runs outside an experiment, and the inner runs of a
 * traced program, are not kept: datashelf keeps datasets and results, not traces.
 */
export class ExperimentResults {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /**
   * Forgets outcomes and scores that waited a week without what they name coming (an
   * example outside the pinned version, a score for a run never sent): nothing will place
   * them now, and they would otherwise be kept forever. Returns how many.
   */
  sweep(): Promise<number> {
    return store.dropPendingBefore(this.store, new Date(this.clock.ms() - PENDING_KEPT_MS).toISOString());
  }

  /** Records what it can place; returns how many runs and scores it kept. */
  async record(caller: Caller, sent: { runs: TracedRun[]; feedback: Feedback[] }): Promise<{ kept: number }> {
    const routed = await this.route(caller, sent);
    if (routed.length === 0) return { kept: 0 };
    const at = isoAt(this.clock);
    await this.store.transaction(async (tx) => {
      // Every lock first, in one order for every request, so two requests never wait on each other.
      const ordered = routed.sort((a, b) => (a.experiment.id < b.experiment.id ? -1 : 1));
      for (const { experiment } of ordered) await store.lockExperiment(tx, experiment.id, at);
      for (const entry of ordered) await this.apply(tx, caller, entry, at);
    });
    return { kept: routed.reduce((n, r) => n + r.pending.length + Object.keys(r.summary).length, 0) };
  }

  private async route(caller: Caller, sent: { runs: TracedRun[]; feedback: Feedback[] }): Promise<Routed[]> {
    const outcomes = sent.runs.filter(
      (r): r is TracedRun & { example_id: string; session: NonNullable<TracedRun['session']> } =>
        r.parent_run_id === null && r.example_id !== null && r.session !== null,
    );
    const ids = new Set([
      ...outcomes.flatMap((r) => ('id' in r.session ? [r.session.id] : [])),
      ...sent.feedback.flatMap((f) => (f.session_id === null ? [] : [f.session_id])),
    ]);
    const names = new Set(outcomes.flatMap((r) => ('name' in r.session ? [r.session.name] : [])));
    const found = await store.experimentsAmong(this.store, projectOf(caller), [...ids], [...names]);
    const byId = new Map(found.map((e) => [e.id, e]));
    const byName = new Map(found.map((e) => [e.name, e]));
    const routed = new Map<string, Routed>();
    const entry = (experiment: ExperimentRecord) => {
      if (!routed.has(experiment.id)) routed.set(experiment.id, { experiment, pending: [], summary: {} });
      return routed.get(experiment.id)!;
    };
    for (const run of outcomes) {
      const experiment = 'id' in run.session ? byId.get(run.session.id) : byName.get(run.session.name);
      if (experiment) entry(experiment).pending.push({ kind: 'run', payload: outcomeOf(run) });
    }
    for (const f of sent.feedback) {
      const experiment = f.session_id === null ? undefined : byId.get(f.session_id);
      if (!experiment) continue;
      if (f.run_id === null) entry(experiment).summary[f.key] = f.score;
      else
        entry(experiment).pending.push({ kind: 'feedback', payload: { trace: f.run_id, key: f.key, score: f.score, comment: f.comment } });
    }
    return [...routed.values()];
  }

  private async apply(tx: Tx, caller: Caller, { experiment, pending, summary }: Routed, at: string): Promise<void> {
    // Read again under the lock: a re-pin may have come first.
    const current = await store.findExperiment(tx, projectOf(caller), { id: experiment.id });
    // A deleted dataset's experiment keeps what it has; what comes later for it is dropped.
    const dataset = current && (await findLiveDataset(tx, projectOf(caller), { id: current.dataset_id }));
    if (!current || !dataset) return;
    await store.addPending(
      tx,
      pending.map((p) => ({ run_id: current.id, kind: p.kind, payload: p.payload, created_at: at })),
    );
    if (Object.keys(summary).length) await this.summarise(tx, caller, current.id, summary, at);
    await settle(tx, caller, current, dataset.seq, at);
  }

  /** Scores of the whole experiment join its run's aggregate results, by key. */
  private async summarise(tx: Tx, caller: Caller, runId: string, summary: Record<string, number | null>, at: string): Promise<void> {
    const run = await findRun(tx, projectOf(caller), runId);
    if (!run) return;
    await updateRun(tx, projectOf(caller), runId, { aggregate_results: { ...run.aggregate_results, ...summary }, updated_at: at });
  }
}
