import { describe, expect, it } from 'vitest';
import { decompressedLimit } from '../../src/http/decompress.js';
import { LIMITS } from '../../src/model/limits.js';

describe('what a compressed body may become, by its kind', () => {
  it('lets a streamed body (an import, NDJSON) become as much as a streamed body may be, and any other as much as a JSON body', () => {
    for (const type of ['application/x-ndjson; charset=utf-8', 'text/csv', 'application/vnd.apache.parquet', 'application/octet-stream']) {
      expect(decompressedLimit(type), type).toBe(LIMITS.importBodyBytes);
    }
    for (const type of ['application/json', 'application/json; charset=utf-8', 'text/plain', undefined]) {
      expect(decompressedLimit(type), type).toBe(LIMITS.jsonBodyBytes);
    }
  });
});
