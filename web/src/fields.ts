import type { Datapoint } from '@datashelf/client';

/** A datapoint's own fields (what a commit can change), in the order the panel and diffs show them. */
export const DATAPOINT_FIELDS = [
  'input',
  'expected_output',
  'output',
  'context',
  'prompt',
  'persona',
  'tags',
  'splits',
  'source',
  'agent',
  'generator_model',
  'external_id',
  'metadata',
] as const satisfies readonly (keyof Datapoint)[];

/** Fields the server owns: an exported file carries them, and an import accepts and ignores them. */
export const SERVER_FIELDS = ['id', 'seq', 'order', 'version', 'created_at', 'updated_at'] as const satisfies readonly (keyof Datapoint)[];
