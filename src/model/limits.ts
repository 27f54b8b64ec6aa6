/**
 * Every bound datashelf enforces, in one place: schemas, domain checks and the
 * README's limits table read them from here.
 */
export const LIMITS = {
  /**
   * What the stores' integer columns hold, so no number is refused by the store rather
   * than by its schema: version numbers are 32-bit, every other integer a client sends
   * (orders, token counts, integer ids) is 64-bit, within what a JSON number carries exactly.
   */
  versionMax: 2_147_483_647,
  integerMax: Number.MAX_SAFE_INTEGER,
  pageSizeDefault: 50,
  pageSizeMax: 1000,
  /** An opaque page cursor, as a client sends it back. */
  cursorLength: 2048,
  /** Datapoints in one JSON request to POST /versions, add + update + delete + replace together. */
  batchMax: 10_000,
  /** Events one dataset cut may take. */
  cutMax: 1_000_000,
  /** Matching events counted for a preview before "at least this many" is said instead. */
  eventCountMax: 1_000_000,
  /** Rows in one streamed import (JSON lines, CSV, Parquet) or NDJSON body. */
  importRowsMax: 1_000_000,
  jsonBodyBytes: 32 * 1024 * 1024,
  /** How deep JSON may nest (objects and arrays), in every body and parameter. */
  jsonDepth: 128,
  /** A path parameter, as received (percent-encoded). */
  pathParamBytes: 2048,
  /** The request line and headers together (Node's own default). */
  headerBytes: 16 * 1024,
  /** A streamed body, counted after decompression. */
  importBodyBytes: 2 * 1024 * 1024 * 1024,
  /**
   * How many times the compressed bytes read so far a compressed body may become, past
   * its first inflateFreeBytes: Apache's mod_deflate default. Datasets measured expand 5
   * to 65 times with gzip, up to 260 with brotli or zstd at their highest levels on
   * synthetic rows; a gzip bomb expands 1,000 times.
   */
  inflateRatioMax: 200,
  inflateFreeBytes: 1024 * 1024,
  /** One JSON line or CSV record, i.e. one datapoint. */
  importLineBytes: 1024 * 1024,
  /** Sources one mapped field gathers, and column types one import names. */
  mappingSourcesMax: 100,
  /** Columns of an imported CSV or Parquet file. */
  importColumnsMax: 1_000,
  /**
   * After an answer sent before its request's body has arrived (a refused import), how
   * much more of the body is read and discarded so the client gets the answer: bytes
   * after the answer, time in all, time without a byte. Past any, the connection closes.
   */
  linger: { bytes: 256 * 1024 * 1024, totalMs: 20_000, idleMs: 2_000 },

  nameLength: 256,
  slugLength: 63,
  emailLength: 320,
  descriptionLength: 10_000,
  messageLength: 1_000,
  timestampLength: 64,
  /** How long a deleted dataset can be brought back (POST /v1/datasets/{id}/undelete). */
  deletedKeptDays: 30,
  /** A substring searched for in names or paths. */
  searchLength: 200,
  tagLength: 128,
  tagsMax: 100,
  personaLength: 128,
  modelLength: 256,
  promptLength: 1_000_000,
  /** Short machine words: job kinds, event statuses, run types and sources, costs. */
  wordLength: 64,
  externalIdLength: 255,
  splitLength: 64,
  splitsMax: 16,
  memberLength: 512,
  membersMax: 10_000,
  /** Evaluation settings of a dataset: record columns and metrics chosen. */
  structureColumnsMax: 100,
  columnNameLength: 128,
  selectedMetricsMax: 100,
  explanationLength: 100_000,

  /** Filters of one telemetry query or cut, the values of one `in`, the length of a key. */
  filtersMax: 50,
  filterValuesMax: 1_000,
  filterKeyLength: 600,
  /** Tags one datapoint listing may name. */
  filterTagsMax: 20,
  /** Datapoints a text search ranks; one matching more lists them in datapoint order. */
  rankedMatchesMax: 2_000,
  /** Datapoints one sample may keep. */
  sampleMax: 100_000,
  /** The `filters` query parameter (JSON text). */
  filtersParamLength: 20_000,
  /** An import's mapping, as JSON in its query string. */
  mappingParamLength: 8_192,

  /**
   * Attachments: the largest file one upload may store (DATASHELF_ATTACHMENT_MAX_BYTES
   * overrides it), a file name as given, a media type as sent.
   */
  attachmentBytesDefault: 5 * 1024 * 1024 * 1024,
  attachmentFilenameLength: 255,
  /** Attachments one datapoint names, and the length of a name. */
  attachmentsPerDatapoint: 32,
  /** Parts of one multipart upload, numbered 1 to this. */
  uploadPartsMax: 10_000,
  attachmentNameLength: 128,
  /** How long a signed attachment link works, and the step its expiry is rounded up to (so a page's links stay cacheable). */
  attachmentLinkSeconds: 3600,
  attachmentLinkStepSeconds: 600,
  mediaTypeLength: 255,
  /** A file of a version's tree: its path (relative, `/`-separated), the files one version holds, the puts + deletes of one commit. */
  filePathLength: 1024,
  filesPerVersion: 100_000,
  fileChangesMax: 10_000,

  /** A webhook's URL; a delivery's body (events carry ids and counts, never datapoints). */
  webhookUrlLength: 2048,
  webhookBodyBytes: 64 * 1024,
  webhooksPerProject: 50,
  /** How long an outbound delivery may take, and how long retries go on. */
  webhookTimeoutMs: 10_000,
  webhookRetryHours: 24,
  /** An API key as presented (longer ones are not looked up). */
  keySecretLength: 256,
  /**
   * How long a live key is trusted without the store: a key revoked on another instance
   * stops working within this. Keys remembered at once (least recently used leave first).
   */
  keyCacheStaleMs: 1000,
  keyCacheEntries: 10_000,
  idempotencyKeyLength: 255,
  /** How long an Idempotency-Key and its response are kept. */
  idempotencyRetentionMs: 24 * 60 * 60 * 1000,

  /** Surfaces, as their originals document them (or, where silent, datashelf's choice). */
  surfaces: {
    gatewayPageMax: 100,
    roboticsPageMax: 1000,
    roboticsPageDefault: 20,
    spacesPageMax: 200,
    evalsPageMax: 10_000,
    /** Records and evaluations inlined in one evaluation dataset's detail. */
    evalsDetailMax: 10_000,
    versionedPageSize: 100,
    langsmith: {
      /** A multipart body (examples with their parts, or a batch of traced runs and feedback). */
      multipartBytes: 32 * 1024 * 1024,
      /** Parts of one multipart body: an example sends up to three and its attachments. */
      multipartParts: 40_000,
      multipartNameLength: 1024,
      /** Runs and feedback in one batch, as GET /info tells the client. */
      batchOperations: 100,
      batchBytes: 20 * 1024 * 1024,
    },
  },
} as const;
