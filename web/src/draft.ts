import { useCallback, useEffect, useState } from 'react';
import type { ChangeSet, DatapointFields } from '@datashelf/client';

/** A datapoint added in the draft, known by a local key until it is committed. */
export interface DraftAdd {
  key: string;
  fields: DatapointFields;
}

/** Uncommitted edits of one dataset: committed as one version, or discarded. */
export interface Draft {
  /** The head the draft was begun on: the commit's base_version. */
  base: number;
  add: DraftAdd[];
  update: Record<string, DatapointFields>;
  delete: string[];
}

const storageKey = (datasetId: string) => `datashelf.draft.${datasetId}`;

function load(datasetId: string): Draft | null {
  const text = sessionStorage.getItem(storageKey(datasetId));
  return text ? (JSON.parse(text) as Draft) : null;
}

export const draftSize = (d: Draft | null) => (d ? d.add.length + Object.keys(d.update).length + d.delete.length : 0);

/** The commit a draft stands for. */
export function changeSetOf(draft: Draft, message: string): ChangeSet {
  return {
    message: message || null,
    base_version: draft.base,
    add: draft.add.map((a) => a.fields),
    update: Object.entries(draft.update).map(([id, fields]) => ({ id, ...fields })),
    delete: draft.delete,
  };
}

/**
 * A dataset's draft, kept in session storage so a reload, a failed commit or a wander to
 * another tab loses nothing; it goes only when committed or discarded.
 */
export function useDraft(datasetId: string, head: number) {
  const [draft, setDraft] = useState<Draft | null>(() => load(datasetId));
  useEffect(() => setDraft(load(datasetId)), [datasetId]);
  const save = useCallback(
    (next: Draft | null) => {
      if (next && draftSize(next) > 0) sessionStorage.setItem(storageKey(datasetId), JSON.stringify(next));
      else sessionStorage.removeItem(storageKey(datasetId));
      setDraft(next && draftSize(next) > 0 ? next : null);
    },
    [datasetId],
  );
  const current = () => draft ?? { base: head, add: [], update: {}, delete: [] };
  return {
    draft,
    size: draftSize(draft),
    edit: (id: string, fields: DatapointFields) => {
      const d = current();
      const added = d.add.find((a) => a.key === id);
      if (added) save({ ...d, add: d.add.map((a) => (a.key === id ? { key: id, fields: { ...a.fields, ...fields } } : a)) });
      else save({ ...d, update: { ...d.update, [id]: { ...d.update[id], ...fields } } });
    },
    add: (fields: DatapointFields) => {
      const key = `new-${crypto.randomUUID()}`;
      const d = current();
      save({ ...d, add: [...d.add, { key, fields }] });
      return key;
    },
    remove: (id: string) => {
      const d = current();
      if (d.add.some((a) => a.key === id)) return save({ ...d, add: d.add.filter((a) => a.key !== id) });
      const { [id]: _dropped, ...update } = d.update;
      save({ ...d, update, delete: d.delete.includes(id) ? d.delete : [...d.delete, id] });
    },
    /** Keeps the edits, now meant for the current head (after reviewing what moved). */
    rebase: (to: number) => draft && save({ ...draft, base: to }),
    discard: () => save(null),
  };
}

export type DraftState = ReturnType<typeof useDraft>;
