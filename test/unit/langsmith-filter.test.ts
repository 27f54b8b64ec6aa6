import { describe, expect, it } from 'vitest';
import { filtersOf } from '../../src/http/compat/langsmith/filter.js';

describe("LangSmith's filter language as datashelf filters", () => {
  it('reads a conjunction of comparisons on example fields and metadata paths', () => {
    expect(filtersOf(`and(eq(metadata.level, "hard"), gte(created_at, '2026-01-01'), not(exists(metadata, "draft")))`)).toEqual([
      { key: 'metadata.level', operator: 'equals', value: 'hard' },
      { key: 'created_at', operator: 'greater_than_or_equal', value: '2026-01-01' },
      { key: 'metadata.draft', operator: 'not_exists' },
    ]);
    expect(filtersOf(`has(metadata, '{"team": "ads", "n": 2}')`)).toEqual([
      { key: 'metadata.team', operator: 'equals', value: 'ads' },
      { key: 'metadata.n', operator: 'equals', value: 2 },
    ]);
    expect(filtersOf('and(neq(inputs.q, "x \\" y"), lt(modified_at, "2027"), eq(outputs.ok, true))')).toEqual([
      { key: 'input.q', operator: 'not_equals', value: 'x " y' },
      { key: 'updated_at', operator: 'less_than', value: '2027' },
      { key: 'expected_output.ok', operator: 'equals', value: true },
    ]);
  });

  it('answers 400 for what datashelf filters cannot say, naming what they can', () => {
    const refusal = (text: string) => {
      try {
        filtersOf(text);
        return null;
      } catch (error) {
        return [(error as { code: string }).code, (error as Error).message];
      }
    };
    expect(refusal('or(eq(metadata.a, 1), eq(metadata.a, 2))')).toEqual(['bad_request', expect.stringMatching(/or\(\) is not served/)]);
    expect(refusal('search("cats")')).toEqual(['bad_request', expect.stringMatching(/search\(\) is not served/)]);
    expect(refusal('not(and(eq(metadata.a, 1), eq(metadata.b, 2)))')).toEqual(['bad_request', expect.stringMatching(/not\(\)/)]);
    expect(refusal('eq(name, "x")')).toEqual(['bad_request', expect.stringMatching(/not a field filters can name/)]);
    expect(refusal('eq(metadata.a, "x"')).toEqual(['bad_request', expect.any(String)]);
    expect(refusal(`${'and('.repeat(40)}eq(id, "x")${')'.repeat(40)}`)).toEqual(['bad_request', expect.stringMatching(/nest/)]);
  });
});
