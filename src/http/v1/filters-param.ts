import { badRequest } from '../../domain/errors.js';
import type { FilterInput } from '../../model/telemetry.js';
import { parseJsonText } from '../../formats/json-input.js';

/** The `filters` query parameter: a URL-encoded JSON array of {key, operator, value}. */
export function filtersParam(raw: string | undefined): FilterInput[] | undefined {
  if (raw === undefined) return undefined;
  const parsed = parseJsonText(raw, 'filters');
  if (!Array.isArray(parsed)) throw badRequest('filters must be a JSON array of {key, operator, value}');
  return parsed as FilterInput[];
}
