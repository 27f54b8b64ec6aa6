import type { DatapointRecord } from '../model/datapoints.js';
import { DATAPOINT_CATALOGUE, DATAPOINT_FIELD_NAMES, isJson } from '../model/datapoint-fields.js';

/** Each field's `"name":` and whether its stored value is JSON text already. */
const PARTS = DATAPOINT_FIELD_NAMES.map((name) => {
  return { name, key: `${JSON.stringify(name)}:`, spliced: isJson(DATAPOINT_CATALOGUE[name].value) };
});

/**
 * A datapoint as a JSON object, with its stored JSON fields spliced in as they are:
 * the hot read paths never parse and re-serialise payloads.
 */
export function datapointJson(d: DatapointRecord): string {
  let out = '{';
  for (const { name, key, spliced } of PARTS) {
    if (out.length > 1) out += ',';
    out += key + (spliced ? (d[name] as string) : JSON.stringify(d[name]));
  }
  return `${out}}`;
}
