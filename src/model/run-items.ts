import { Type, type Static } from '@sinclair/typebox';
import { AnyJson, Count, Nullable, StringEnum, Timestamp, Uuid } from './kit.js';
import { LIMITS } from './limits.js';

/** What a model produced for one datapoint of a run, as a client sends it. */
export const RunItemWrite = Type.Object(
  {
    datapoint_id: Uuid,
    output: Type.Optional(AnyJson),
    latency_ms: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
    input_tokens: Type.Optional(Nullable(Count())),
    output_tokens: Type.Optional(Nullable(Count())),
    cost: Type.Optional(Nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
    error: Type.Optional(Nullable(Type.String({ maxLength: LIMITS.explanationLength }))),
    trace_id: Type.Optional(
      Nullable(Type.String({ maxLength: LIMITS.externalIdLength, description: 'where the output came from (a trace or span id)' })),
    ),
  },
  { title: 'RunItemWrite', additionalProperties: false },
);
export type RunItemWrite = Static<typeof RunItemWrite>;

export const RunItemBatch = Type.Object(
  { items: Type.Array(RunItemWrite, { maxItems: LIMITS.batchMax }) },
  { title: 'RunItemBatch', additionalProperties: false },
);

export const RunItemsWritten = Type.Object(
  {
    run_id: Uuid,
    written: Type.Integer({ description: 'items written (new or rewritten); one per datapoint' }),
  },
  { title: 'RunItemsWritten' },
);

/** A metric's score on an item, with whether it reached its threshold. */
export const ItemScore = Type.Object(
  { metric_id: Uuid, result: Nullable(Type.Number()), threshold: Type.Number(), passed: Nullable(Type.Boolean()) },
  { title: 'ItemScore' },
);

export const RunItem = Type.Object(
  {
    run_id: Uuid,
    datapoint_id: Uuid,
    datapoint_seq: Type.Integer(),
    output: AnyJson,
    latency_ms: Nullable(Type.Number()),
    input_tokens: Nullable(Type.Integer()),
    output_tokens: Nullable(Type.Integer()),
    cost: Nullable(Type.Number()),
    error: Nullable(Type.String()),
    trace_id: Nullable(Type.String()),
    created_at: Timestamp,
    updated_at: Timestamp,
    scores: Type.Array(ItemScore, { description: "the latest evaluation of each metric on this item's datapoint" }),
  },
  { title: 'RunItem' },
);
export type RunItem = Static<typeof RunItem>;

/** One metric over a run, computed in SQL from each datapoint's latest evaluation. */
export const MetricAggregate = Type.Object(
  {
    metric_id: Uuid,
    count: Type.Integer({ description: 'datapoints with a score' }),
    mean: Nullable(Type.Number()),
    p50: Nullable(Type.Number({ description: 'nearest-rank percentile' })),
    p90: Nullable(Type.Number()),
    pass_rate: Nullable(Type.Number({ description: 'share of scored datapoints at or above their threshold' })),
  },
  { title: 'MetricAggregate' },
);
export type MetricAggregate = Static<typeof MetricAggregate>;

export const PASS_FILTERS = ['passed', 'failed'] as const;

export const COMPARE_SORTS = ['delta', '-delta'] as const;
export const COMPARE_CHANGES = ['regressed', 'improved', 'changed', 'all'] as const;

export const MetricDelta = Type.Object(
  {
    metric_id: Uuid,
    base: Nullable(MetricAggregate),
    head: Nullable(MetricAggregate),
    mean_delta: Nullable(Type.Number({ description: 'head mean − base mean' })),
    pass_rate_delta: Nullable(Type.Number()),
  },
  { title: 'MetricDelta' },
);

export const ItemDelta = Type.Object(
  {
    datapoint_id: Uuid,
    datapoint_seq: Type.Integer(),
    metric_id: Uuid,
    base: Type.Number(),
    head: Type.Number(),
    delta: Type.Number({ description: 'head − base: negative is a regression' }),
    change: StringEnum(['regressed', 'improved', 'same'] as const),
  },
  { title: 'ItemDelta' },
);
export type ItemDelta = Static<typeof ItemDelta>;
