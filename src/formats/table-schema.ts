import type { KeyValue, SchemaElement } from 'hyparquet';

/**
 * The columns of a table as a Parquet file declares them: the schema's elements below
 * its root, depth-first, exactly as the file has them (names, physical and logical
 * types, repetition), and the file's key-value metadata (`datasets` keeps its features
 * under `huggingface`, pyarrow its own schema under `ARROW:schema`). Written back as it
 * is, a table reads back with the same columns and types.
 */
export interface TableSchema {
  elements: SchemaElement[];
  metadata: KeyValue[];
  /** The columns of files (`Image`, `Audio`, … as `{bytes, path}`): a row holds them as attachments of the same name. */
  files: string[];
}

/** A node of a table's schema: an element and the nodes below it. */
export interface TableNode {
  element: SchemaElement;
  children: TableNode[];
}

/** The table's columns as trees, in order. */
export function tableColumns(schema: TableSchema): TableNode[] {
  let next = 0;
  const node = (): TableNode => {
    const element = schema.elements[next++];
    if (!element) throw new Error('a table schema ends inside a group');
    return { element, children: Array.from({ length: element.num_children ?? 0 }, node) };
  };
  const columns: TableNode[] = [];
  while (next < schema.elements.length) columns.push(node());
  return columns;
}

/** How a leaf column's values are kept in a datapoint's JSON and written back. */
export type LeafKind =
  | { kind: 'boolean' | 'float' | 'double' | 'string' | 'binary' | 'json' | 'null' | 'date' }
  | { kind: 'int'; min: bigint; max: bigint; bits: 32 | 64 }
  | { kind: 'timestamp'; unit: TimeUnit };

export type TimeUnit = 'MILLIS' | 'MICROS' | 'NANOS';

const INTEGER_CONVERTED: Record<string, { bits: number; signed: boolean }> = {
  INT_8: { bits: 8, signed: true },
  INT_16: { bits: 16, signed: true },
  INT_32: { bits: 32, signed: true },
  INT_64: { bits: 64, signed: true },
  UINT_8: { bits: 8, signed: false },
  UINT_16: { bits: 16, signed: false },
  UINT_32: { bits: 32, signed: false },
  UINT_64: { bits: 64, signed: false },
};

function intKind(physical: 32 | 64, width: { bits: number; signed: boolean } | undefined): LeafKind | null {
  const { bits, signed } = width ?? { bits: physical, signed: true };
  if (bits > physical) return null;
  const span = 1n << BigInt(bits);
  return signed
    ? { kind: 'int', min: -span / 2n, max: span / 2n - 1n, bits: physical }
    : { kind: 'int', min: 0n, max: span - 1n, bits: physical };
}

/**
 * What a leaf holds, for the types datashelf keeps exactly (null: another type, e.g.
 * DECIMAL, INT96, TIME, fixed-length bytes, which would not come back as they went).
 */
export function leafKind({ type, converted_type: converted, logical_type: logical }: SchemaElement): LeafKind | null {
  const integer =
    logical?.type === 'INTEGER' ? { bits: logical.bitWidth, signed: logical.isSigned } : converted && INTEGER_CONVERTED[converted];
  switch (type) {
    case 'BOOLEAN':
      return converted || logical ? null : { kind: 'boolean' };
    case 'INT32':
      if (logical?.type === 'NULL') return { kind: 'null' };
      if (converted === 'DATE' || logical?.type === 'DATE') return { kind: 'date' };
      return (converted && !INTEGER_CONVERTED[converted]) || (logical && logical.type !== 'INTEGER') ? null : intKind(32, integer);
    case 'INT64':
      if (logical?.type === 'TIMESTAMP') return { kind: 'timestamp', unit: logical.unit };
      if (converted === 'TIMESTAMP_MILLIS') return { kind: 'timestamp', unit: 'MILLIS' };
      if (converted === 'TIMESTAMP_MICROS') return { kind: 'timestamp', unit: 'MICROS' };
      return (converted && !INTEGER_CONVERTED[converted]) || (logical && logical.type !== 'INTEGER') ? null : intKind(64, integer);
    case 'FLOAT':
      return converted || logical ? null : { kind: 'float' };
    case 'DOUBLE':
      return converted || logical ? null : { kind: 'double' };
    case 'BYTE_ARRAY':
      // The writer encodes text, and JSON, only by their converted type: text annotated otherwise goes as its bytes.
      if (converted === 'UTF8') return { kind: 'string' };
      if (converted === 'JSON') return { kind: 'json' };
      return converted || (logical && logical.type !== 'STRING') ? null : { kind: 'binary' };
    default:
      return null;
  }
}

/** A group that is a list as Parquet writers annotate one: LIST, around one repeated group of one element. */
export const isList = (node: TableNode) =>
  node.element.converted_type === 'LIST' &&
  node.children.length === 1 &&
  node.children[0].element.repetition_type === 'REPEATED' &&
  node.children[0].children.length === 1;

/** A plain group (a struct: an object of its fields). */
const isStruct = (node: TableNode) =>
  !node.element.type && !node.element.converted_type && !node.element.logical_type && node.children.length > 0;

/** Why a column would not be kept exactly (its first part that would not), or null when it would. */
export function unkeptType(node: TableNode, path = node.element.name): string | null {
  const { element } = node;
  if (element.repetition_type === 'REPEATED') return `${path} is a repeated field outside a LIST`;
  if (element.type) return leafKind(element) ? null : `${path} is of the Parquet type ${typeName(element)}`;
  if (isList(node)) return unkeptType(node.children[0].children[0], `${path}[]`);
  if (!isStruct(node)) return `${path} is a group of the Parquet type ${typeName(element)}`;
  for (const child of node.children) {
    const problem = unkeptType(child, `${path}.${child.element.name}`);
    if (problem) return problem;
  }
  return null;
}

function typeName({ type, converted_type: converted, logical_type: logical, precision, scale }: SchemaElement): string {
  const annotation = logical?.type ?? converted;
  const detail = annotation === 'DECIMAL' ? `(${precision ?? '?'},${scale ?? 0})` : '';
  return [type, annotation && `${annotation}${detail}`].filter(Boolean).join(' ');
}
