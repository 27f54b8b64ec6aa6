import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { SchemaElement } from 'hyparquet';
import { jsonlColumns, jsonlTableSchema } from '../../src/formats/jsonl-schema.js';
import { isoOfTimestamp, timestampOfIso } from '../../src/formats/timestamps.js';
import { tableMisfit } from '../../src/formats/write-table.js';
import type { TableSchema } from '../../src/formats/table-schema.js';
import type { DatapointRecord } from '../../src/model/datapoints.js';

const limits = { maxBytes: 1 << 20, maxLineBytes: 1 << 16, maxItems: 100 };
const inferred = async (...lines: string[]) =>
  jsonlTableSchema((await jsonlColumns(Readable.from([Buffer.from(lines.join('\n'))]), limits, () => true))!);
const typesOf = (schema: TableSchema) => schema.elements.map((e) => [e.name, e.type ?? e.converted_type ?? 'group']);

describe('timestamps as ISO text', () => {
  it('keeps every digit of micro- and nanosecond timestamps, before 1970 too, and reads them back', () => {
    const cases = [
      [1700000000123456n, 'MICROS', '2023-11-14T22:13:20.123456Z'],
      [1700000000123456789n, 'NANOS', '2023-11-14T22:13:20.123456789Z'],
      [1700000000123000n, 'MICROS', '2023-11-14T22:13:20.123Z'],
      [-500n, 'MICROS', '1969-12-31T23:59:59.999500Z'],
    ] as const;
    for (const [value, unit, iso] of cases) {
      expect(isoOfTimestamp(value, unit)).toBe(iso);
      expect(timestampOfIso(iso, unit)).toBe(value);
    }
  });

  it('refuses text that is no time, a day that does not exist, and digits finer than the unit', () => {
    expect(timestampOfIso('yesterday', 'MILLIS')).toBeNull();
    expect(timestampOfIso('2024-02-30T00:00:00Z', 'MILLIS')).toBeNull();
    expect(timestampOfIso('2024-01-01T00:00:00.0001Z', 'MILLIS')).toBeNull();
  });
});

describe('the table a JSON-lines file is', () => {
  it('infers int64, double, text, lists and structs as Arrow does, null fitting any type', async () => {
    const schema = await inferred(
      '{"n": 1, "x": 2, "t": null, "l": [1], "s": {"a": true}}',
      '{"n": 2, "x": 2.5, "t": "z", "l": [], "s": {"b": "c"}}',
    );
    expect(typesOf(schema)).toEqual([
      ['n', 'INT64'],
      ['x', 'DOUBLE'],
      ['t', 'BYTE_ARRAY'],
      ['l', 'LIST'],
      ['list', 'group'],
      ['element', 'INT64'],
      ['s', 'group'],
      ['a', 'BOOLEAN'],
      ['b', 'BYTE_ARRAY'],
    ]);
  });

  it('refuses a key of two kinds and an integer a JSON number would round, naming them', async () => {
    await expect(inferred('{"n": 1}', '{"n": "one"}')).rejects.toThrow('key "n" holds a number on one line and a string on line 2');
    await expect(inferred('{"a": {"b": [12345678901234567890]}}')).rejects.toThrow('line 1, key "a".b[]: the integer 12345678901234567890');
  });
});

describe('whether a datapoint is a row of a table', () => {
  const schema: TableSchema = {
    elements: [
      { name: 'small', type: 'INT32', converted_type: 'INT_8', repetition_type: 'OPTIONAL' },
      { name: 'big', type: 'INT64', repetition_type: 'REQUIRED' },
    ] as SchemaElement[],
    metadata: [],
    files: [],
  };
  const misfit = tableMisfit(schema);
  const row = (input: unknown, attachments = {}) =>
    misfit({ input: JSON.stringify(input), attachments: JSON.stringify(attachments) } as DatapointRecord);

  it('takes values of the columns, an int64 beyond 2^53 as its text, and null where the column takes it', () => {
    expect(row({ small: -128, big: '9007199254740993' })).toBeNull();
    expect(row({ big: 1 })).toBeNull();
  });

  it('says what does not fit: range, type, a missing required value, another key, another input, a loose attachment', () => {
    expect(row({ small: 128, big: 1 })).toBe("input.small is out of the column's range (128)");
    expect(row({ small: '1', big: 1 })).toBe('input.small is not an integer ("1")');
    expect(row({ small: 1 })).toBe('input.big is missing, and the column holds no nulls');
    expect(row({ big: 1, other: 2 })).toBe('input.other is not a column of the split');
    expect(row('text')).toBe('input is not an object of the columns');
    expect(row({ big: 1 }, { image: 'sha256:00' })).toBe('attachments.image is not a column of files of the split');
  });
});
