import { Type, type TSchema } from '@sinclair/typebox';
import { FILTERABLE_FIELDS, FILTER_JSON_ROOTS } from '../../model/datapoint-fields.js';
import { DatasetCreate, DATASET_SORTS, DatasetTypeName } from '../../model/datasets.js';
import { CHANGE_KINDS, Datapoint, Source, Split } from '../../model/datapoints.js';
import { IMPORT_FORMATS, IMPORT_MODES, Mapping } from '../../model/imports.js';
import { EXPORT_FORMATS } from '../../formats/export.js';
import { Description, Nullable, Slug, StringEnum, Tag, Uuid, VersionNumber } from '../../model/kit.js';
import { LIMITS } from '../../model/limits.js';
import { CutFields } from '../../model/telemetry.js';
import { Members } from '../../model/collections.js';
import { COMPARE_CHANGES, COMPARE_SORTS, PASS_FILTERS } from '../../model/run-items.js';
import { REVIEW_FILTERS } from '../../model/review-states.js';
import { AsOf, TagName, VersionSelector } from '../../model/version-tags.js';
import { errorResponse } from '../declared-responses.js';
import { problemEnvelope } from '../envelope.js';
import { FileChange } from '../../model/files.js';

/** The native API's own request and page shapes; the model's shapes come from src/model. */

export const IdParams = Type.Object({ id: Uuid });

export const PageQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: LIMITS.pageSizeMax, default: LIMITS.pageSizeDefault }),
  cursor: Type.Optional(Type.String({ maxLength: LIMITS.cursorLength, description: 'next_cursor of the previous page' })),
});

/** PageQuery and more, as one closed object. */
export const PageQueryWith = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object({ ...PageQuery.properties, ...properties }, { additionalProperties: false });

/** A cursor page of `item`s; named `<Item>Page` in the OpenAPI document when the item is named. */
export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), next_cursor: Nullable(Type.String()) }, item.title ? { title: `${item.title}Page` } : {});

export const DatasetListQuery = PageQueryWith({
  type: Type.Optional(DatasetTypeName),
  tag: Type.Optional(Tag),
  search: Type.Optional(
    Type.String({ minLength: 1, maxLength: LIMITS.searchLength, description: 'substring of the name, case-insensitive' }),
  ),
  sort: StringEnum(DATASET_SORTS, { default: 'newest' }),
  scope: StringEnum(['project', 'shared', 'all'] as const, {
    default: 'project',
    description: "the project's own datasets, those shared with the caller (read-only), or both",
  }),
});

/** Creating a dataset may also cut it from a telemetry container. */
export const DatasetCreateOrCut = Type.Object(
  {
    ...DatasetCreate.properties,
    container: Type.Optional(CutFields.container),
    size: Type.Optional(CutFields.size),
    filters: CutFields.filters,
  },
  { title: 'DatasetCreateOrCut', additionalProperties: false },
);

/** Which version a read is of: a number or a tag (`version`), or a time (`as_of`); default the head. */
const VersionChoice = {
  version: Type.Optional(VersionSelector),
  as_of: Type.Optional(AsOf),
};

/** A version past the head, however large, is not found (404), as any version that does not exist. */
export const VersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 0 }) });
export const TagParams = Type.Object({ id: Uuid, name: TagName });
export const DatapointParams = Type.Object({ id: Uuid, datapoint_id: Uuid });

/** For an NDJSON body, the commit's message and base version travel in the query string. */
export const CommitQuery = Type.Object(
  {
    message: Type.Optional(Type.String({ maxLength: LIMITS.messageLength })),
    base_version: Type.Optional(VersionNumber()),
    mode: Type.Optional(
      StringEnum(['add', 'replace'], { description: 'NDJSON only: add the lines (default) or replace the dataset with them' }),
    ),
  },
  { additionalProperties: false },
);
export const ImportQuery = Type.Object(
  {
    format: Type.Optional(StringEnum(IMPORT_FORMATS, { description: 'default: from the Content-Type' })),
    mode: StringEnum(IMPORT_MODES, {
      default: 'add',
      description:
        'add the rows; replace the dataset with them; upsert them (matched on id or external_id: changed rows updated, unchanged ones left alone, new ones added); sync: upsert, and delete the datapoints the file does not name',
    }),
    mapping: Type.Optional(
      Type.String({
        maxLength: LIMITS.mappingParamLength,
        description: "how the file's columns or keys become datapoint fields: a JSON Mapping object",
        // The text is JSON of this shape: clients generated from the document get its type.
        contentMediaType: 'application/json',
        contentSchema: Mapping,
      }),
    ),
    message: Type.Optional(Type.String({ maxLength: LIMITS.messageLength })),
    base_version: Type.Optional(VersionNumber({ description: 'refuse with 409 unless this is still the head' })),
    split: Type.Optional(Split),
  },
  { additionalProperties: false },
);
/** An import that makes its dataset: the new dataset's name and description, and the import's own parameters but mode and base version. */
export const NewDatasetImportQuery = Type.Composite(
  [
    Type.Pick(DatasetCreate, ['name']),
    Type.Object({ description: Type.Optional(Description) }),
    Type.Omit(ImportQuery, ['mode', 'base_version']),
  ],
  { additionalProperties: false },
);
export const FileBody = Type.Unknown({ description: 'the file, streamed (it may be gzip- or zstd-compressed, with Content-Encoding)' });

export const NdjsonBody = Type.Object({ items: Type.Array(Type.Unknown()) }, { title: 'NdjsonBody', description: 'one item per line' });

/** What a datapoint listing or export keeps. */
const DatapointFilters = {
  filters: Type.Optional(
    Type.String({
      maxLength: LIMITS.filtersParamLength,
      description:
        'a JSON array of {key, operator, value}, all of which must hold: the filter language of the API guide, over datapoint fields ' +
        `(${Object.keys(FILTERABLE_FIELDS).join(', ')}) ` +
        `and dotted paths into ${FILTER_JSON_ROOTS.join(', ')} (\`metadata.difficulty\`)`,
    }),
  ),
  source: Type.Optional(Source),
  tag: Type.Optional(
    Type.Array(Tag, {
      maxItems: LIMITS.filterTagsMax,
      description: 'repeat for several tags: the datapoint carries all of them (or any, with tag_match)',
    }),
  ),
  tag_match: StringEnum(['all', 'any'] as const, { default: 'all', description: 'whether every `tag` must be carried, or one suffices' }),
  persona: Type.Optional(Type.String({ maxLength: LIMITS.personaLength })),
  split: Type.Optional(Split),
  review: Type.Optional(
    StringEnum(REVIEW_FILTERS, { description: 'only datapoints whose content has this review decision, or none (`unreviewed`)' }),
  ),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: LIMITS.searchLength,
      description:
        'full-text search over the strings of input and expected_output and the prompt: every word must occur (any case; `word*` for a prefix). ' +
        'On a page, the datapoints come most relevant first.',
    }),
  ),
};

/** A reproducible random sample: with the filters above, on pages and exports. */
const Sample = {
  sample: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: LIMITS.sampleMax,
      description: 'keep only this many datapoints, chosen pseudo-randomly (the same ones for the same seed, on every version and store)',
    }),
  ),
  seed: Type.Optional(Type.Integer({ minimum: 0, maximum: 2_147_483_647, description: "the sample's seed (default 0)" })),
};

export const DatapointListQuery = PageQueryWith({ ...VersionChoice, ...DatapointFilters, ...Sample });
export const DatapointSpan = Type.Object(
  {
    version: Type.Integer({ description: 'the version that wrote this content' }),
    until: Nullable(Type.Integer({ description: 'the version that changed or deleted it; null while current' })),
    datapoint: Datapoint,
  },
  { title: 'DatapointSpan' },
);
export const DatapointHistoryPage = Page(DatapointSpan);
export const DatapointGetQuery = Type.Object(VersionChoice, { additionalProperties: false });
export const DatapointPage = Type.Object(
  {
    version: Type.Integer({ description: 'the version this page reads' }),
    ranked: Type.Optional(
      Type.Boolean({ description: 'with `q`: true when the page is in relevance order, false when in datapoint order' }),
    ),
    data: Type.Array(Datapoint),
    next_cursor: Nullable(Type.String()),
  },
  { title: 'DatapointPage' },
);

export const DiffQuery = PageQueryWith({
  from: VersionSelector,
  to: VersionSelector,
  ...DatapointFilters,
});
export const SplitsQuery = Type.Object(VersionChoice, { additionalProperties: false });
export const SplitCounts = Type.Object(
  {
    version: Type.Integer(),
    data: Type.Array(Type.Object({ split: Type.String(), count: Type.Integer() })),
  },
  { title: 'SplitCounts' },
);
export const Diff = Type.Object(
  {
    from: Type.Integer(),
    to: Type.Integer(),
    data: Type.Array(
      Type.Object(
        { change: StringEnum(CHANGE_KINDS), id: Uuid, before: Nullable(Datapoint), after: Nullable(Datapoint) },
        { title: 'Change' },
      ),
    ),
    files: Type.Array(FileChange, { description: "the files that differ, listed once the datapoints' changes are all listed" }),
    next_cursor: Nullable(Type.String()),
  },
  { title: 'Diff' },
);

export const ExportQuery = Type.Object(
  { ...VersionChoice, format: StringEnum(EXPORT_FORMATS, { default: 'jsonl' }), ...DatapointFilters, ...Sample },
  { additionalProperties: false },
);

/** A body sent as a stream: text or bytes on the wire, never serialised from a value. */
const Streamed = (options: object) => Type.Unsafe<unknown>({ type: 'string', ...options });

/** An export's body: one media type per format (OpenAI chat lines are NDJSON too). */
export const ExportFile = {
  description: 'The datapoints, streamed, as an attachment named `<dataset id>-v<version>.<format>`',
  content: {
    'application/x-ndjson': { schema: Streamed({ description: 'jsonl and openai: one JSON object per line' }) },
    'text/csv': { schema: Streamed({ description: 'a header of typed column names, then one record per datapoint' }) },
    'application/vnd.apache.parquet': { schema: Streamed({ format: 'binary' }) },
  },
};

export const CollectionListQuery = PageQueryWith({
  dataset_id: Type.Optional(Uuid),
  member: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: LIMITS.memberLength,
      description: 'only collections holding this member (a node id, a datapoint id…)',
    }),
  ),
});
export const MembersBody = Type.Object({ members: Members }, { title: 'MembersBody', additionalProperties: false });

export const ContainerParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: LIMITS.nameLength, description: 'container id or label' }),
});
export const EventsQuery = PageQueryWith({
  filters: Type.Optional(Type.String({ maxLength: LIMITS.filtersParamLength, description: 'a JSON array of {key, operator, value}' })),
});
export const EventCountQuery = Type.Object({
  filters: Type.Optional(Type.String({ maxLength: LIMITS.filtersParamLength, description: 'a JSON array of {key, operator, value}' })),
});
export const Inserted = Type.Object({ inserted: Type.Integer() }, { title: 'Inserted' });

export const ShareParams = Type.Object({ id: Uuid, share_id: Uuid });
export const RunListQuery = PageQueryWith({ dataset_id: Type.Optional(Uuid) });
export const RunResultQuery = PageQueryWith({
  split: Type.Optional(Split),
  metric_id: Type.Optional(Uuid),
  pass: Type.Optional(StringEnum(PASS_FILTERS, { description: 'only scores at or above their threshold (passed), or below (failed)' })),
});
export const CompareQuery = PageQueryWith({
  base: Uuid,
  head: Uuid,
  metric_id: Type.Optional(Uuid),
  change: StringEnum(COMPARE_CHANGES, { default: 'all' }),
  sort: StringEnum(COMPARE_SORTS, { default: 'delta', description: '`delta`: regressions first; `-delta`: improvements first' }),
});

export const NamespaceParams = Type.Object({ ns: Slug });
export const ProjectParams = Type.Object({ ns: Slug, project: Slug });
export const KeyParams = Type.Object({ ns: Slug, project: Slug, id: Uuid });

export const Token = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'seconds' }),
  },
  { title: 'Token' },
);

export const NoContent = Type.Null({ description: 'No content' });

/** The problem+json responses a route declares for its own reasons (the edge's are added for it). */
export const problems = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, errorResponse(s, problemEnvelope.contentType, Type.Ref('Problem'))]));
