import { describe, expect, it } from 'vitest';
import { contractViolation } from '../helpers/contract.js';

const DATASET = '/v1/datasets/00000000-0000-4000-8000-000000000000';

describe('the response checker the e2e suite runs', () => {
  it('finds undeclared statuses, undeclared media types and bodies off their schema', () => {
    expect(contractViolation('GET', DATASET, 418, 'application/json', '{}')).toMatch(/status not declared/);
    expect(contractViolation('GET', DATASET, 404, 'application/json', '{}')).toMatch(/application\/json not declared/);
    expect(contractViolation('GET', DATASET, 200, 'application/json', '{"id": 1}')).toMatch(/body does not match/);
    expect(contractViolation('GET', `${DATASET}/versions?limit=2`, 200, 'application/json', '{"data": [{}]}')).toMatch(
      /GET \/v1\/datasets\/\{id\}\/versions -> 200: body does not match/,
    );
  });

  it('passes a declared response, and leaves alone what the document does not name', () => {
    const problem = { type: 'urn:datashelf:problem:not_found', title: 'Not Found', status: 404, detail: 'no dataset', code: 'not_found' };
    expect(contractViolation('GET', DATASET, 404, 'application/problem+json; charset=utf-8', JSON.stringify(problem))).toBeNull();
    expect(contractViolation('GET', '/healthz', 200, 'application/json', '{}')).toBeNull();
    expect(contractViolation('PUT', DATASET, 405, 'application/problem+json', '{}')).toBeNull();
  });
});
