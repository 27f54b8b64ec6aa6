import { Readable } from 'node:stream';
import type { DatapointRecord } from '../model/datapoints.js';
import { attachmentNameOf } from './hf-features.js';
import { isList, leafKind, tableColumns, type LeafKind, type TableNode, type TableSchema } from './table-schema.js';
import { daysOfIso, timestampOfIso } from './timestamps.js';
import { parquetRows, type ParquetFiles, type ParquetLayout } from './write-parquet.js';

/** Why a datapoint is not a row of the table: where, and what is wrong there. */
class Misfit extends Error {}

const misfit = (path: string, why: string) => new Misfit(`${path} ${why}`);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const encoder = new TextEncoder();

/** Integers beyond ±2^53 are kept as their decimal text (as a Parquet import keeps int64 values), so none is rounded. */
function integerOf(value: unknown, kind: Extract<LeafKind, { kind: 'int' }>, path: string): number | bigint {
  const exact =
    typeof value === 'number' && Number.isSafeInteger(value)
      ? BigInt(value)
      : typeof value === 'string' && kind.bits === 64 && /^-?[0-9]{16,20}$/.test(value) && !Number.isSafeInteger(Number(value))
        ? BigInt(value)
        : null;
  if (exact === null) throw misfit(path, `is not an integer (${JSON.stringify(value)?.slice(0, 40)})`);
  if (exact < kind.min || exact > kind.max) throw misfit(path, `is out of the column's range (${exact})`);
  return kind.bits === 64 ? exact : Number(exact);
}

/** A leaf's value as the writer takes it: checked against the column's type, in its physical form where the writer wants that. */
function leafOf(kind: LeafKind, value: unknown, path: string): unknown {
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw misfit(path, `is not ${what} (${JSON.stringify(value)?.slice(0, 40)})`);
  };
  switch (kind.kind) {
    case 'boolean':
      expect(typeof value === 'boolean', 'a boolean');
      return value;
    case 'int':
      return integerOf(value, kind, path);
    case 'float':
    case 'double':
      expect(typeof value === 'number', 'a number');
      return value;
    case 'string':
      expect(typeof value === 'string', 'text');
      return value;
    case 'binary':
      expect(typeof value === 'string', 'text');
      return encoder.encode(value as string);
    case 'json':
      return value;
    case 'null':
      throw misfit(path, 'is not null');
    case 'date': {
      const days = typeof value === 'string' ? daysOfIso(value) : null;
      expect(days !== null, 'a date (midnight UTC as ISO 8601 text)');
      return days;
    }
    case 'timestamp': {
      const units = typeof value === 'string' ? timestampOfIso(value, kind.unit) : null;
      expect(units !== null, `a time (ISO 8601 text in UTC, to the ${kind.unit.toLowerCase().slice(0, -1)}second at most)`);
      return units;
    }
  }
}

/** A cell of a column (or of a part of one) from a datapoint's JSON, as the writer takes it. */
function cellOf(node: TableNode, value: unknown, path: string): unknown {
  const { element } = node;
  if (value === null || value === undefined) {
    if (element.repetition_type === 'REQUIRED') throw misfit(path, 'is missing, and the column holds no nulls');
    return null;
  }
  if (element.type) return leafOf(leafKind(element)!, value, path);
  if (isList(node)) {
    if (!Array.isArray(value)) throw misfit(path, 'is not a list');
    const item = node.children[0].children[0];
    return value.map((v, i) => cellOf(item, v, `${path}[${i}]`));
  }
  if (!isObject(value)) throw misfit(path, 'is not an object');
  const fields = new Set(node.children.map((c) => c.element.name));
  const extra = Object.keys(value).find((key) => !fields.has(key));
  if (extra !== undefined) throw misfit(`${path}.${extra}`, 'is not a field of the column');
  return Object.fromEntries(node.children.map((c) => [c.element.name, cellOf(c, value[c.element.name], `${path}.${c.element.name}`)]));
}

/** A table's columns: those of values, and those of files, with their places. */
interface TableColumns {
  values: TableNode[];
  files: { node: TableNode; attachment: string }[];
}

function columnsOf(schema: TableSchema): TableColumns {
  const columns = tableColumns(schema);
  const files = new Set(schema.files);
  return {
    values: columns.filter((c) => !files.has(c.element.name)),
    files: columns.filter((c) => files.has(c.element.name)).map((node) => ({ node, attachment: attachmentNameOf(node.element.name) })),
  };
}

/** A datapoint's row of the table: its `input` object's values by column. Throws Misfit. */
function rowOf(columns: TableColumns, d: DatapointRecord): unknown[] {
  const input = JSON.parse(d.input) as unknown;
  if (!isObject(input)) throw misfit('input', 'is not an object of the columns');
  const names = new Set(columns.values.map((c) => c.element.name));
  const extra = Object.keys(input).find((key) => !names.has(key));
  if (extra !== undefined) throw misfit(`input.${extra}`, 'is not a column of the split');
  const attachments = Object.keys(JSON.parse(d.attachments) as Record<string, unknown>);
  const held = new Set(columns.files.map((f) => f.attachment));
  const loose = attachments.find((name) => !held.has(name));
  if (loose !== undefined) throw misfit(`attachments.${loose}`, 'is not a column of files of the split');
  for (const { node, attachment } of columns.files) {
    if (node.element.repetition_type === 'REQUIRED' && !attachments.includes(attachment))
      throw misfit(`attachments.${attachment}`, 'is missing, and the column holds no nulls');
  }
  return columns.values.map((c) => cellOf(c, input[c.element.name], `input.${c.element.name}`));
}

/**
 * Why a datapoint is not a row of the table (its input must be an object of the
 * columns, each value of its column's type, and its attachments those of the columns
 * of files), or null when it is one.
 */
export function tableMisfit(schema: TableSchema): (d: DatapointRecord) => string | null {
  const columns = columnsOf(schema);
  return (d) => {
    try {
      rowOf(columns, d);
      return null;
    } catch (error) {
      if (error instanceof Misfit) return error.message;
      throw error;
    }
  };
}

function tableLayout(schema: TableSchema): ParquetLayout {
  const columns = columnsOf(schema);
  return {
    schema: [{ name: 'root', num_children: columns.values.length + columns.files.length }, ...schema.elements],
    kvMetadata: schema.metadata,
    columnData: (rows, found) => {
      const cells = rows.map((d) => rowOf(columns, d));
      // Columns in the schema's order: those of files where they stood among the others.
      const byName = new Map<string, unknown[]>([
        ...columns.values.map((c, i) => [c.element.name, cells.map((row) => row[i])] as const),
        ...columns.files.map(({ node, attachment }) => [node.element.name, found.map((f) => f[attachment] ?? null)] as const),
      ]);
      // Statistics of whole files would bloat the footer and help no reader.
      return tableColumns(schema).map(({ element: { name } }) => ({
        name,
        data: byName.get(name)!,
        statistics: !schema.files.includes(name),
      }));
    },
  };
}

/**
 * Datapoints that are each a row of the table (see tableMisfit), as Parquet of exactly
 * its columns and key-value metadata; `files` reads the columns of files.
 */
export const tableParquet = (datapoints: AsyncIterable<DatapointRecord>, schema: TableSchema, files?: ParquetFiles): Readable =>
  Readable.from(parquetRows(datapoints, tableLayout(schema), schema.files.length ? files : undefined));
