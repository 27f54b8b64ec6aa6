import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CsvTokenizer } from '../../src/formats/csv-tokens.js';

/** Tokenizes text fed in the given pieces, as a request body arrives. */
function tokenize(pieces: string[]) {
  const tokens = new CsvTokenizer(1_000_000);
  return [...pieces.flatMap((p) => tokens.push(p)), ...tokens.push('', true)];
}

/** Splits text at the given positions. */
const split = (text: string, cuts: number[]) => {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => text.slice(start, at[i] ?? text.length));
};

const cell = fc.oneof(fc.constantFrom('', ',', '"', '""', '\n', '\r\n', 'a "b" c', ' x ', '\u2028'), fc.string({ maxLength: 12 }));

describe('the CSV tokenizer', () => {
  it('reads what csv-stringify writes exactly as csv-parse does, wherever the chunks break', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((width) => fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 8 })),
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.boolean(),
        (rows, cuts, crlf) => {
          // Cells holding a line break are quoted, as every spreadsheet writes them.
          const text = stringify(rows, { record_delimiter: crlf ? '\r\n' : '\n', quoted_match: [/^$/, /[\r\n]/] });
          const expected: string[][] = parse(text, { record_delimiter: crlf ? '\r\n' : '\n' });
          expect(tokenize(split(text, cuts)).map((r) => r.cells.map((c) => c ?? ''))).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('tells an empty cell (null) from a quoted empty one (the empty string), and numbers the lines records start on', () => {
    const records = tokenize(['\uFEFFa,b,c\r\n', '1,,""\n\n"multi\nline",x,"say ""hi"""\n', 'last,"",']);
    expect(records.map(({ cells, line }) => ({ cells, line }))).toEqual([
      { cells: ['a', 'b', 'c'], line: 1 },
      { cells: ['1', null, ''], line: 2 },
      { cells: ['multi\nline', 'x', 'say "hi"'], line: 4 },
      { cells: ['last', '', null], line: 6 },
    ]);
  });

  it('keeps a quote inside an unquoted cell as text, and refuses text after a closing quote or a quote never closed', () => {
    expect(tokenize(['a,say "hi" there\n'])[0].cells).toEqual(['a', 'say "hi" there']);
    expect(() => tokenize(['a,b\n"x"y,z\n'])).toThrow('line 2: text follows a quoted cell');
    expect(() => tokenize(['a,b\n1,2\n"open,\n', 'more\n'])).toThrow('line 3: the file ends inside a quoted cell');
    expect(() => new CsvTokenizer(10).push('"0123456789abc')).toThrow('longer than 10 characters');
  });
});
