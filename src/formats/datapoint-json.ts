import type { DatapointRecord } from '../model/datapoints.js';

const str = (value: string | null) => JSON.stringify(value);

/**
 * A datapoint as a JSON object, with its stored JSON fields spliced in as they are:
 * the hot read paths never parse and re-serialise payloads.
 */
export function datapointJson(d: DatapointRecord): string {
  return (
    `{"id":${str(d.id)},"seq":${d.seq},"order":${d.order},"input":${d.input},` +
    `"expected_output":${d.expected_output},"output":${d.output},"context":${d.context},` +
    `"prompt":${str(d.prompt)},"persona":${str(d.persona)},"tags":${d.tags},"source":${str(d.source)},` +
    `"agent":${str(d.agent)},"generator_model":${str(d.generator_model)},"metadata":${d.metadata},` +
    `"external_id":${str(d.external_id)},"splits":${d.splits},` +
    `"version":${d.version},"created_at":${str(d.created_at)},"updated_at":${str(d.updated_at)}}`
  );
}
