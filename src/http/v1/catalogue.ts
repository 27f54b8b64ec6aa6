import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { SOURCES } from '../../model/datapoints.js';
import { DATAPOINT_CATALOGUE, DATAPOINT_FIELD_NAMES, FIELD_VALUES } from '../../model/datapoint-fields.js';
import { StringEnum } from '../../model/kit.js';
import { MAPPABLE_FIELDS } from '../../model/imports.js';
import { OPERATORS } from '../../model/telemetry.js';
import { REVIEW_STATES } from '../../model/review-states.js';
import { DATAPOINT_FILTERS, EVENT_FILTERS, type FilterVocabulary } from '../../domain/filters.js';

const FieldList = Type.Array(Type.Object({ name: Type.String(), kind: Type.String() }));
const Vocabulary = Type.Object({ fields: FieldList, json_roots: Type.Array(Type.String()) });

const Catalogue = Type.Object(
  {
    datapoint_fields: Type.Array(
      Type.Object({
        name: Type.String(),
        settable: Type.Boolean({ description: 'a client may set it; else the server owns it (id, seq, version, timestamps)' }),
        value: StringEnum(FIELD_VALUES, {
          description: 'how the value is held: any JSON, a JSON object, a list of strings, text, a whole number, a time',
        }),
      }),
    ),
    filter_operators: Type.Array(Type.String()),
    datapoint_filters: Vocabulary,
    event_filters: Vocabulary,
    review_states: Type.Array(Type.String()),
    sources: Type.Array(Type.String(), { description: "a datapoint's `source` values" }),
    mappable_fields: Type.Array(Type.String(), {
      description: "the fields an import's mapping can fill (`id` and `external_id` identify)",
    }),
  },
  { title: 'Catalogue' },
);

const vocabulary = (v: FilterVocabulary) => ({
  fields: Object.entries(v.fields).map(([name, kind]) => ({ name, kind })),
  json_roots: [...v.jsonRoots],
});

/** What the model is made of, read from its one definition: clients (the web UI) keep no copies. */
const CATALOGUE = {
  datapoint_fields: DATAPOINT_FIELD_NAMES.map((name) => {
    const { owner, value } = DATAPOINT_CATALOGUE[name];
    return { name, settable: owner === 'client', value };
  }),
  filter_operators: [...OPERATORS],
  datapoint_filters: vocabulary(DATAPOINT_FILTERS),
  event_filters: vocabulary(EVENT_FILTERS),
  review_states: [...REVIEW_STATES],
  sources: [...SOURCES],
  mappable_fields: [...MAPPABLE_FIELDS],
};

export const catalogueRoutes = (): FastifyPluginAsyncTypebox => async (app) => {
  app.get(
    '/catalogue',
    {
      schema: {
        tags: ['datapoints'],
        summary: 'The field and operator lists',
        operationId: 'getCatalogue',
        description:
          "A datapoint's fields (which a client may set), the filter language's operators and the fields and JSON roots it may name on datapoints and on telemetry events, the review states, the sources, and the fields an import mapping can fill.",
        response: { 200: Catalogue },
      },
    },
    async () => CATALOGUE,
  );
};
