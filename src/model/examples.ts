/**
 * Realistic values for the OpenAPI document's examples: an evaluation row, not
 * "string". Kept together so the shapes of one story agree with each other.
 */
export const EXAMPLE_DATAPOINT_FIELDS = {
  input: { question: 'What is the boiling point of water at sea level, in Celsius?' },
  expected_output: '100 °C',
  tags: ['physics', 'easy'],
  metadata: { source_doc: 'handbook.pdf', page: 12 },
  external_id: 'q-0042',
  splits: ['test'],
};

export const EXAMPLE_DATAPOINT = {
  id: '0b9f4c8e-5d5b-4c0e-9a51-2f1e7f6c3a10',
  seq: 42,
  order: 41,
  output: null,
  context: null,
  prompt: 'Answer in one short phrase.',
  persona: null,
  source: 'seed',
  agent: null,
  generator_model: null,
  ...EXAMPLE_DATAPOINT_FIELDS,
  attachments: {},
  version: 3,
  created_at: '2026-11-02T09:14:05.120Z',
  updated_at: '2026-11-20T16:41:37.004Z',
};

export const EXAMPLE_DATASET = {
  id: '6d1f0f8e-3b5a-4c5e-8a4e-5d8e7b2c9f01',
  seq: 7,
  name: 'physics-qa',
  description: 'Short-answer physics questions with reference answers',
  type: 'custom',
  path: null,
  container_id: null,
  filters: null,
  requested_size: null,
  cut_size: null,
  owner_user_id: null,
  selected_metrics: null,
  structure: null,
  column_mappings: null,
  item_schemas: null,
  tags: ['eval', 'physics'],
  metadata: { owner: 'eval-team' },
  head_version: 3,
  indexed_version: 3,
  datapoint_count: 1250,
  created_at: '2026-11-02T09:12:44.310Z',
  updated_at: '2026-11-20T16:41:37.004Z',
};
