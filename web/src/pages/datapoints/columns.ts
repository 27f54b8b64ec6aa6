import { useCallback, useEffect, useState } from 'react';
import type { Datapoint } from '@datashelf/client';

/** A datapoint as read (attachments with their links), or a draft's fields (attachments as ids). */
export type RowDatapoint = Omit<Partial<Datapoint>, 'attachments'> & { attachments?: Datapoint['attachments'] | Record<string, string> };

/** A column: a datapoint field (`input`), or a key inside a JSON field (`metadata.difficulty`). */
export type Column = string;

const NESTED = ['input', 'expected_output', 'output', 'metadata'] as const;
const PLAIN = [
  'input',
  'expected_output',
  'output',
  'attachments',
  'context',
  'external_id',
  'tags',
  'splits',
  'source',
  'persona',
  'prompt',
] as const;
const SAMPLE = 200;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const empty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

/** A column's value in a datapoint. */
export function valueOf(d: RowDatapoint, column: Column): unknown {
  const dot = column.indexOf('.');
  if (dot === -1) return d[column as keyof Datapoint];
  const root = d[column.slice(0, dot) as keyof Datapoint];
  return isObject(root) ? root[column.slice(dot + 1)] : undefined;
}

/** The field a column edits. */
export const fieldOf = (column: Column) => column.split('.')[0];

/**
 * The columns the data has, from a sample: each field, and each key of the JSON objects in
 * input, expected output, output and metadata (a chat's `messages` stays whole). Also which
 * of them the sample fills, for the first choice.
 */
export function discoverColumns(rows: RowDatapoint[]): { all: Column[]; filled: Column[] } {
  const sample = rows.slice(0, SAMPLE);
  const nested = new Set<Column>();
  for (const d of sample)
    for (const root of NESTED) {
      const v = d[root];
      if (isObject(v) && !('messages' in v)) for (const k of Object.keys(v)) nested.add(`${root}.${k}`);
    }
  const all = [...PLAIN, ...[...nested].sort()];
  const filled = all.filter((c) => sample.some((d) => !empty(valueOf(d, c))));
  return { all, filled };
}

/** The first choice: the content fields and files the data fills, then its split and tags (the name column shows the external id); at most five. */
function firstChoice(filled: Column[]): Column[] {
  const preferred = ['input', 'expected_output', 'output', 'attachments', 'splits', 'tags'].filter((c) => filled.includes(c));
  return preferred.length ? preferred.slice(0, 5) : filled.slice(0, 5);
}

export const ROW_HEIGHTS = { compact: 2, comfortable: 4, tall: 8 } as const;
export type RowHeight = keyof typeof ROW_HEIGHTS;

interface Layout {
  columns: Column[];
  height: RowHeight;
}

const storageKey = (datasetId: string) => `datashelf.columns.${datasetId}`;

/** The reader's columns and row height for a dataset, kept in this browser (localStorage) per dataset. */
export function useColumnLayout(datasetId: string, filled: Column[] | null) {
  const [layout, setLayout] = useState<Layout | null>(() => {
    const text = localStorage.getItem(storageKey(datasetId));
    return text ? (JSON.parse(text) as Layout) : null;
  });
  useEffect(() => {
    if (!layout && filled) setLayout({ columns: firstChoice(filled), height: 'comfortable' });
  }, [layout, filled]);
  const save = useCallback(
    (next: Layout) => {
      localStorage.setItem(storageKey(datasetId), JSON.stringify(next));
      setLayout(next);
    },
    [datasetId],
  );
  return { layout, save };
}
