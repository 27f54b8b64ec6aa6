import { useMemo, useState, type FormEvent } from 'react';
import type { Datapoint, Version } from '@datashelf/client';
import { datasetPath, pageOf } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { FilterBuilder, filtersJson, type FilterRow } from '../components/FilterBuilder';
import { useDraft } from '../draft';
import { count } from '../format';
import { useCursorList } from '../hooks';
import { useClient } from '../session';
import { DatapointPanel } from './DatapointPanel';
import { DatapointTable, type Row } from './DatapointTable';
import { DraftBar } from './DraftBar';
import { useDataset } from './DatasetPage';

const PAGE = 200;
const FILTER_KEYS = [
  'id',
  'external_id',
  'source',
  'persona',
  'prompt',
  'generator_model',
  'order',
  'created_at',
  'updated_at',
  'input',
  'expected_output',
  'output',
  'context',
  'metadata.',
];

interface Query {
  q: string;
  split: string;
  tags: string;
  version: string;
  filters: FilterRow[];
}
const EMPTY: Query = { q: '', split: '', tags: '', version: '', filters: [] };

function FilterForm({ onApply }: { onApply: (q: Query) => void }) {
  const [form, setForm] = useState<Query>(EMPTY);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(form);
  };
  return (
    <form className="filters" role="search" aria-label="Filter datapoints" onSubmit={(e) => void submit(e)}>
      <label>
        Search text
        <input type="search" value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} placeholder="words, or pre*" />
      </label>
      <label>
        Split
        <input value={form.split} onChange={(e) => setForm({ ...form, split: e.target.value })} />
      </label>
      <label>
        Tags (all of)
        <input value={form.tags} onChange={(e) => setForm({ ...form, tags: e.target.value })} placeholder="a, b" />
      </label>
      <label>
        Version or tag
        <input value={form.version} onChange={(e) => setForm({ ...form, version: e.target.value })} placeholder="head" />
      </label>
      <FilterBuilder rows={form.filters} onChange={(filters) => setForm({ ...form, filters })} keys={FILTER_KEYS} />
      <div className="row">
        <button type="submit">Apply</button>
        <button type="button" onClick={() => (setForm(EMPTY), onApply(EMPTY))}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** The datapoints of a version: filtered, paged as you scroll, opened beside, edited into a draft. */
export function Datapoints() {
  const client = useClient();
  const { dataset, reload } = useDataset();
  const [query, setQuery] = useState<Query>(EMPTY);
  const [open, setOpen] = useState<string>();
  const [editField, setEditField] = useState<string>();
  const openRow = (key: string | undefined, field?: string) => {
    setOpen(key);
    setEditField(field);
  };
  const [committed, setCommitted] = useState<Version>();
  const draft = useDraft(dataset.id, dataset.head_version);
  const atHead = query.version === '' || query.version === String(dataset.head_version);

  const params = {
    limit: PAGE,
    q: query.q || undefined,
    split: query.split || undefined,
    tag: query.tags
      ? query.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      : undefined,
    version: query.version || undefined,
    filters: filtersJson(query.filters),
  };
  const list = useCursorList<Datapoint>(
    (cursor) => pageOf(client, `${datasetPath(dataset.id)}/datapoints`, { ...params, cursor }),
    [dataset.id, dataset.head_version, query],
  );

  const rows = useMemo<Row[]>(() => {
    const d = atHead ? draft.draft : null;
    const added: Row[] = (d?.add ?? []).map((a) => ({ key: a.key, datapoint: a.fields, mark: 'added' }));
    const loaded: Row[] = list.items.map((dp) => {
      if (d?.delete.includes(dp.id)) return { key: dp.id, datapoint: dp, mark: 'deleted' };
      const edit = d?.update[dp.id];
      return edit ? { key: dp.id, datapoint: { ...dp, ...edit }, mark: 'edited' } : { key: dp.id, datapoint: dp };
    });
    return added.concat(loaded);
  }, [list.items, draft.draft, atHead]);
  const shown = rows.find((r) => r.key === open);

  const newRow = () => openRow(draft.add({ input: '', expected_output: null }), 'input');

  return (
    <div className="datapoints">
      <FilterForm onApply={setQuery} />
      {committed && (
        <p className="notice" role="status">
          Committed version {committed.version}: {committed.added} added, {committed.updated} updated, {committed.deleted} deleted.
        </p>
      )}
      <DraftBar
        datasetId={dataset.id}
        head={dataset.head_version}
        draft={draft}
        onCommitted={(v) => {
          setCommitted(v);
          reload();
        }}
      />
      <div className="row spread">
        <p aria-live="polite">
          {count(list.items.length)} loaded{query === EMPTY && atHead ? ` of ${count(dataset.datapoint_count)}` : ''}
          {list.loading ? ' · loading…' : ''}
        </p>
        {atHead ? (
          <button type="button" onClick={newRow}>
            Add datapoint
          </button>
        ) : (
          <p className="muted">Viewing an older version: edits are made on the latest.</p>
        )}
      </div>
      <ErrorNote error={list.error} action="Loading datapoints failed" />
      <div className={`table-and-panel${shown ? ' with-panel' : ''}`}>
        <DatapointTable
          rows={rows}
          total={query === EMPTY && atHead ? dataset.datapoint_count : null}
          done={list.done}
          onNeedMore={list.more}
          onOpen={(key) => openRow(key)}
          onEditCell={(key, field) => openRow(key, field)}
          selected={open}
        />
        {shown && (
          <DatapointPanel
            key={`${shown.key}-${editField ?? ''}`}
            datasetId={dataset.id}
            row={shown}
            editable={atHead}
            editField={editField}
            onEdit={(fields) => draft.edit(shown.key, fields)}
            onRemove={() => {
              draft.remove(shown.key);
              if (shown.mark === 'added') openRow(undefined);
            }}
            onClose={() => openRow(undefined)}
          />
        )}
      </div>
    </div>
  );
}
