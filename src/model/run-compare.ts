import { Type, type Static } from '@sinclair/typebox';
import { AnyJson, Nullable, StringEnum, Uuid } from './kit.js';
import { Datapoint } from './datapoints.js';
import { Run } from './evals.js';
import { COMPARE_CHANGES, MetricAggregate, PASS_FILTERS } from './run-items.js';

/** How a side-by-side listing of runs' items is ordered. */
export const RUN_ITEM_SORTS = ['delta', '-delta', 'score', '-score', 'datapoint'] as const;
export type RunItemSort = (typeof RUN_ITEM_SORTS)[number];

export const RUNS_COMPARED_MAX = 8;
export const RUN_ITEM_PAGE_MAX = 200;
/** Bars in each score distribution. */
export const HISTOGRAM_BINS = 10;

export const RunItemsQuery = Type.Object(
  {
    run: Type.Array(Uuid, {
      minItems: 1,
      maxItems: RUNS_COMPARED_MAX,
      description: 'repeat for each run, the first being the base; every run must be pinned to the same dataset version',
    }),
    metric_id: Type.Optional(Type.String({ format: 'uuid', description: 'sort, filter and compute deltas by this metric alone' })),
    sort: StringEnum(RUN_ITEM_SORTS, {
      default: 'delta',
      description:
        "`delta`: the largest drop of any later run against the first first (regressions first); `-delta`: the largest gain first; `score` / `-score`: the first run's score (its mean over metrics without `metric_id`), low or high first; `datapoint`: datapoint order. Items without that number come last",
    }),
    change: StringEnum(COMPARE_CHANGES, {
      default: 'all',
      description: 'keep items some later run regressed, improved, or changed against the first',
    }),
    pass: Type.Optional(
      StringEnum(PASS_FILTERS, {
        description: 'keep items the first run passed (every score at or above threshold) or failed (some below)',
      }),
    ),
    limit: Type.Integer({ minimum: 1, maximum: RUN_ITEM_PAGE_MAX, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 2048, description: 'next_cursor of the previous page' })),
  },
  { additionalProperties: false },
);
export type RunItemsQuery = Static<typeof RunItemsQuery>;

export const ScoreWithExplanation = Type.Object(
  {
    metric_id: Uuid,
    result: Nullable(Type.Number()),
    threshold: Type.Number(),
    passed: Nullable(Type.Boolean()),
    explanation: Nullable(Type.String()),
  },
  { title: 'ScoreWithExplanation' },
);

/** One run's outcome on an item, as the side-by-side view shows it. */
export const RunOutcome = Type.Object(
  {
    output: AnyJson,
    latency_ms: Nullable(Type.Number()),
    error: Nullable(Type.String()),
    scores: Type.Array(ScoreWithExplanation),
  },
  { title: 'RunOutcome' },
);
export type RunOutcome = Static<typeof RunOutcome>;

export const ComparedItem = Type.Object(
  {
    datapoint: Datapoint,
    outcomes: Type.Array(Nullable(RunOutcome), { description: 'one per run, in the order asked; null where a run has no item' }),
    worst_delta: Nullable(Type.Number({ description: 'the largest drop (most negative score change) of a later run against the first' })),
    best_delta: Nullable(Type.Number()),
  },
  { title: 'ComparedItem' },
);
export type ComparedItem = Static<typeof ComparedItem>;

export const Histogram = Type.Object(
  {
    low: Type.Number(),
    high: Type.Number(),
    counts: Type.Array(Type.Array(Type.Integer()), { description: `per run, ${HISTOGRAM_BINS} counts over equal bins from low to high` }),
  },
  { title: 'Histogram' },
);

export const ComparedMetric = Type.Object(
  {
    metric_id: Uuid,
    name: Nullable(Type.String()),
    aggregates: Type.Array(Nullable(MetricAggregate), { description: 'one per run' }),
    mean_deltas: Type.Array(Nullable(Type.Number()), { description: "per run, its mean minus the first run's" }),
    pass_rate_deltas: Type.Array(Nullable(Type.Number())),
    histogram: Nullable(Histogram),
  },
  { title: 'ComparedMetric' },
);
export type ComparedMetric = Static<typeof ComparedMetric>;

export const RunItemComparison = Type.Object(
  {
    runs: Type.Array(Run),
    version: Type.Integer({ description: 'the dataset version every run is pinned to' }),
    metrics: Type.Array(ComparedMetric),
    data: Type.Array(ComparedItem),
    next_cursor: Nullable(Type.String()),
  },
  { title: 'RunItemComparison' },
);
