import type { ImportFormat } from '../model/imports.js';

/**
 * The media types each import format arrives as. NDJSON has several spellings in use;
 * every route that takes NDJSON accepts each of them, from this one list.
 */
export const MEDIA_TYPES: Record<ImportFormat, string[]> = {
  jsonl: ['application/x-ndjson', 'application/jsonl', 'application/json-lines'],
  csv: ['text/csv'],
  parquet: ['application/vnd.apache.parquet', 'application/x-parquet'],
};

export const NDJSON_TYPES = MEDIA_TYPES.jsonl;

/** A Content-Type header's media type, without its parameters, in lower case ('' when there is none). */
export const mediaTypeOf = (contentType: string | undefined): string => contentType?.split(';')[0].trim().toLowerCase() ?? '';

/** The format a media type says, if any (`application/octet-stream` says none). */
export function formatOf(contentType: string | undefined): ImportFormat | undefined {
  const type = mediaTypeOf(contentType);
  return (Object.keys(MEDIA_TYPES) as ImportFormat[]).find((f) => MEDIA_TYPES[f].includes(type));
}
