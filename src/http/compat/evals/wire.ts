import type { EvalDataset, EvalDetail } from '../../../domain/evals/evals-view.js';
import type { DatapointRecord } from '../../../model/datapoints.js';
import type { Lookup, User } from '../../../model/evals.js';

/** Integer ids everywhere: datasets, users, records, runs, metrics and evaluations go by their sequence numbers. */

const userOut = (u: User | null | undefined) => (u ? { id: u.seq, email: u.email } : null);
/** The API reports `updated_at` null until something changed. */
const changed = (created: string, updated: string | null) => (updated && updated !== created ? updated : null);
const lookup = (l: Lookup | undefined) => (l ? { id: l.id, name: l.name, label: l.label, description: l.description } : null);

export function datasetOut(d: EvalDataset) {
  return {
    id: d.seq,
    user: userOut(d.owner),
    dataset_type_id: d.datasetType?.id ?? null,
    name: d.name,
    selected_metrics: d.selected_metrics,
    structure: d.structure ?? [],
    column_mappings: d.column_mappings,
    data_collection_id: null,
    org_id: null,
    created_at: d.created_at,
    updated_at: changed(d.created_at, d.updated_at),
  };
}

function recordOut(r: DatapointRecord, d: EvalDetail) {
  const json = (text: string) => JSON.parse(text) as unknown;
  return {
    id: r.seq,
    user_id: d.owner?.seq ?? null,
    dataset_id: d.seq,
    prompt: r.prompt,
    input: json(r.input),
    context: json(r.context),
    output: json(r.output),
    golden_answer: json(r.expected_output),
    created_at: r.created_at,
    updated_at: changed(r.created_at, r.updated_at),
  };
}

export function detailOut(d: EvalDetail, runTypes: Lookup[], runSources: Lookup[]) {
  const summary = datasetOut(d);
  return {
    ...summary,
    dataset_type: d.datasetType
      ? { id: d.datasetType.id, name: d.datasetType.name, label: d.datasetType.label, description: d.datasetType.description }
      : null,
    records: d.records.map((r) => recordOut(r, d)),
    runs: d.runs.map((run) => {
      const type = runTypes.find((t) => t.name === run.run_type);
      const source = runSources.find((t) => t.name === run.run_source);
      return {
        id: run.seq,
        user: userOut(run.user_id ? d.people.get(run.user_id) : null),
        run_type_id: type?.id ?? null,
        run_source_id: source?.id ?? null,
        api_key_id: null,
        dataset_id: d.seq,
        data_collection_id: null,
        org_id: null,
        run_type: lookup(type),
        run_source: lookup(source),
        dataset: summary,
        number_of_metrics: run.number_of_metrics,
        result: run.result,
        threshold: run.threshold,
        model_slug: run.model_slug,
        alias: run.alias,
        aggregate_results: run.aggregate_results,
        started_at: run.started_at,
        finished_at: run.finished_at,
        created_at: run.created_at,
        updated_at: run.updated_at,
        is_gte_threshold: run.is_gte_threshold,
      };
    }),
    evaluations: d.evaluations.map((e) => ({
      id: e.seq,
      user_id: e.user_id ? (d.people.get(e.user_id)?.seq ?? null) : null,
      run_id: e.run_seq,
      record_id: e.record_seq,
      metric_id: e.metric_seq,
      dataset_id: d.seq,
      result: e.result,
      threshold: e.threshold,
      explanation: e.explanation,
      model_slug: e.model_slug,
      started_at: e.started_at,
      finished_at: e.finished_at,
      credits_consumed: null,
      input_tokens: e.input_tokens,
      output_tokens: e.output_tokens,
      evaluation_cost: e.evaluation_cost,
      is_success: e.is_success,
      is_gte_threshold: e.is_gte_threshold,
      created_at: e.created_at,
      updated_at: null,
    })),
  };
}

export function meta(page: number, pageSize: number, total: number, onPage: number) {
  const totalPages = Math.ceil(total / pageSize);
  const hasNext = page < totalPages;
  const hasPrevious = page > 1;
  return {
    current_page: page,
    page_size: pageSize,
    total_items: total,
    items_on_page: onPage,
    total_pages: totalPages,
    has_next: hasNext,
    has_previous: hasPrevious,
    next_page: hasNext ? page + 1 : null,
    previous_page: hasPrevious ? page - 1 : null,
  };
}
