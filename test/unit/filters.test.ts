import { describe, expect, it } from 'vitest';
import { parseFilters } from '../../src/domain/filters.js';
import { type DomainError } from '../../src/domain/errors.js';

const issuesOf = (inputs: unknown[]) => {
  try {
    parseFilters(inputs);
    return [];
  } catch (error) {
    return (error as DomainError).issues;
  }
};

describe('the filter language', () => {
  it('resolves fields and attribute paths, typing values for each operator', () => {
    expect(parseFilters([{ key: 'latency_ms', operator: 'less_than', value: 800 }])).toEqual([
      { target: { kind: 'field', field: 'latency_ms', type: 'number' }, operator: 'less_than', value: 800 },
    ]);
    expect(parseFilters([{ key: 'attributes.customer.tier', operator: 'in', value: ['gold', 1, true] }])[0]).toEqual({
      target: { kind: 'json', field: 'attributes', path: ['customer', 'tier'] },
      operator: 'in',
      value: ['gold', 1, true],
    });
    expect(
      parseFilters([{ key: 'created_at', operator: 'between', value: ['2026-01-01T00:00:00+02:00', '2026-02-01T00:00:00Z'] }])[0],
    ).toMatchObject({
      value: ['2025-12-31T22:00:00.000Z', '2026-02-01T00:00:00.000Z'],
    });
    expect(parseFilters([{ key: 'status', operator: 'exists' }])[0]).toMatchObject({ operator: 'exists' });
  });

  it('reports every bad filter with its index and part', () => {
    const issues = issuesOf([
      { key: 'nope', operator: 'equals', value: 1 },
      { key: 'status', operator: 'like', value: 'x' },
      { key: 'latency_ms', operator: 'greater_than', value: 'fast' },
      { key: 'status', operator: 'exists', value: 'x' },
      { key: 'input', operator: 'greater_than', value: 1 },
      { key: 'attributes.a b', operator: 'equals', value: 1 },
      { key: 'status', operator: 'between', value: [1] },
      { key: 'created_at', operator: 'equals', value: 'yesterday' },
      'not an object',
    ]);
    expect(issues.map((i) => i.field)).toEqual([
      'filters/0/key',
      'filters/1/operator',
      'filters/2/value',
      'filters/3/value',
      'filters/4/value',
      'filters/5/key',
      'filters/6/value',
      'filters/7/value',
      'filters/8/key',
    ]);
  });

  it('bounds how many filters and how many values of an `in`', () => {
    expect(issuesOf(Array.from({ length: 51 }, () => ({ key: 'status', operator: 'exists' })))).toEqual([
      { field: 'filters', message: 'at most 50 filters' },
    ]);
    expect(issuesOf([{ key: 'status', operator: 'in', value: Array(1001).fill('x') }])[0].message).toBe(
      'must be a list of 1 to 1000 values',
    );
    expect(issuesOf([{ key: 'status', operator: 'in', value: [] }])).toHaveLength(1);
  });
});
