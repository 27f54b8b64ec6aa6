import { Type } from '@sinclair/typebox';
import { JsonObject, Nullable } from '../../../model/kit.js';

/** Wire schemas of the evaluation platform's dataset reads: integer ids, nullable where the seed says so. */

const Int = Type.Integer();
const When = Type.String();
const UserRef = Nullable(Type.Object({ id: Int, email: Type.String() }));
const AnyJson = Type.Unknown();

export const DatasetSummary = Type.Object(
  {
    id: Int,
    user: UserRef,
    dataset_type_id: Nullable(Int),
    name: Type.String(),
    selected_metrics: Nullable(Type.Record(Type.String(), Type.Number())),
    structure: Type.Array(Type.String()),
    column_mappings: Nullable(JsonObject),
    data_collection_id: Nullable(Int),
    org_id: Nullable(Int),
    created_at: When,
    updated_at: Nullable(When),
  },
  { title: 'EvalsDatasetSummary' },
);

export const Meta = Type.Object(
  {
    current_page: Int,
    page_size: Int,
    total_items: Int,
    items_on_page: Int,
    total_pages: Int,
    has_next: Type.Boolean(),
    has_previous: Type.Boolean(),
    next_page: Nullable(Int),
    previous_page: Nullable(Int),
  },
  { title: 'EvalsMeta' },
);

export const DatasetPage = Type.Object({ items: Type.Array(DatasetSummary), meta: Meta }, { title: 'EvalsDatasetPage' });
export const Partial = Type.Array(Type.Object({ id: Int, name: Type.String() }));

const TypeRef = Type.Object({ id: Int, name: Type.String(), label: Type.String(), description: Nullable(Type.String()) });
export const DatasetTypes = Type.Array(TypeRef);

const Record = Type.Object({
  id: Int,
  user_id: Nullable(Int),
  dataset_id: Nullable(Int),
  prompt: Nullable(Type.String()),
  input: AnyJson,
  context: AnyJson,
  output: AnyJson,
  golden_answer: AnyJson,
  created_at: When,
  updated_at: Nullable(When),
});

const Lookup = Nullable(Type.Object({ id: Int, name: Type.String(), label: Type.String(), description: Type.String() }));

const Run = Type.Object({
  id: Int,
  user: UserRef,
  run_type_id: Nullable(Int),
  run_source_id: Nullable(Int),
  api_key_id: Nullable(Int),
  dataset_id: Nullable(Int),
  data_collection_id: Nullable(Int),
  org_id: Nullable(Int),
  run_type: Lookup,
  run_source: Lookup,
  dataset: Nullable(DatasetSummary),
  number_of_metrics: Int,
  result: Nullable(Type.Number()),
  threshold: Type.Number(),
  model_slug: Nullable(Type.String()),
  alias: Nullable(Type.String()),
  aggregate_results: Nullable(JsonObject),
  started_at: When,
  finished_at: Nullable(When),
  created_at: When,
  updated_at: Nullable(When),
  is_gte_threshold: Nullable(Type.Boolean()),
});

const Evaluation = Type.Object({
  id: Int,
  user_id: Nullable(Int),
  run_id: Int,
  record_id: Int,
  metric_id: Int,
  dataset_id: Nullable(Int),
  result: Nullable(Type.Number()),
  threshold: Type.Number(),
  explanation: Nullable(Type.String()),
  model_slug: Nullable(Type.String()),
  started_at: When,
  finished_at: Nullable(When),
  credits_consumed: Nullable(Int),
  input_tokens: Nullable(Int),
  output_tokens: Nullable(Int),
  evaluation_cost: Nullable(Type.String()),
  is_success: Nullable(Type.Boolean()),
  is_gte_threshold: Nullable(Type.Boolean()),
  created_at: When,
  updated_at: Nullable(When),
});

export const DatasetDetail = Type.Object(
  {
    ...DatasetSummary.properties,
    dataset_type: Nullable(TypeRef),
    records: Type.Array(Record),
    runs: Type.Array(Run),
    evaluations: Type.Array(Evaluation),
  },
  { title: 'EvalsDatasetDetail' },
);
