/** Every bound datashelf enforces, in one place; the README's limits table mirrors it. */
export const LIMITS = {
  pageSizeDefault: 50,
  pageSizeMax: 1000,
  /** Datapoints in one JSON request to POST /versions (add + update + delete + replace). */
  batchMax: 10_000,
  /** Events one dataset cut may take. */
  cutMax: 1_000_000,
  /** Datapoints in one NDJSON stream. */
  ndjsonDatapointsMax: 1_000_000,
  jsonBodyBytes: 32 * 1024 * 1024,
  /** How deep JSON may nest (objects and arrays), in every body and parameter. */
  jsonDepth: 128,
  /** A path parameter, as received (percent-encoded). */
  pathParamBytes: 2048,
  /** The request line and headers together (Node's own default). */
  headerBytes: 16 * 1024,
  ndjsonBodyBytes: 512 * 1024 * 1024,
  /** One NDJSON line, i.e. one datapoint. */
  ndjsonLineBytes: 1024 * 1024,
  nameLength: 256,
  descriptionLength: 10_000,
  messageLength: 1_000,
  tagLength: 128,
  tagsMax: 100,
  personaLength: 128,
  modelLength: 256,
  promptLength: 1_000_000,
  memberLength: 512,
  membersMax: 10_000,
  idempotencyKeyLength: 255,
  /** How long an Idempotency-Key and its response are kept. */
  idempotencyRetentionMs: 24 * 60 * 60 * 1000,
} as const;
