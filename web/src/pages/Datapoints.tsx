import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Version } from '@datashelf/client';
import { useCatalogue } from '../catalogue';
import { ErrorNote } from '../components/ErrorNote';
import { FilterBuilder, filterRows, filtersJson, type FilterRow } from '../components/FilterBuilder';
import { REVIEW_LABELS } from '../components/ReviewBadge';
import { useDraft } from '../draft';
import { count } from '../format';
import { useLoad } from '../hooks';
import { usePhone } from '../hooks-media';
import { useClient } from '../session';
import { DatapointPanel } from './DatapointPanel';
import { DatapointTable, type Row } from './DatapointTable';
import { DraftBar } from './DraftBar';
import { useDataset } from './DatasetPage';
import { ColumnPicker } from './datapoints/ColumnPicker';
import { discoverColumns, useColumnLayout } from './datapoints/columns';
import { isWhole, useDatapointRows, type ListingQuery } from './datapoints/rows';

interface Form {
  q: string;
  split: string;
  tags: string;
  version: string;
  review: string;
  filters: FilterRow[];
}

/** The listing's query lives in the address, so a reload or a shared link keeps it. */
function formOf(params: URLSearchParams): Form {
  return {
    q: params.get('q') ?? '',
    split: params.get('split') ?? '',
    tags: params.get('tags') ?? '',
    version: params.get('version') ?? '',
    review: params.get('review') ?? '',
    filters: filterRows(params.get('filters')),
  };
}

function listingOf(form: Form): ListingQuery {
  const tag = form.tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    q: form.q || undefined,
    split: form.split || undefined,
    tag: tag.length ? tag : undefined,
    review: form.review || undefined,
    version: form.version || undefined,
    filters: filtersJson(form.filters),
  };
}

function FilterForm({ initial, onApply }: { initial: Form; onApply: (f: Form) => void }) {
  const { datapointFilterKeys } = useCatalogue();
  const [form, setForm] = useState<Form>(initial);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(form);
  };
  const empty: Form = { q: '', split: '', tags: '', version: '', review: '', filters: [] };
  return (
    <form className="filters" role="search" aria-label="Filter datapoints" onSubmit={submit}>
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
        Review decision
        <select value={form.review} onChange={(e) => setForm({ ...form, review: e.target.value })}>
          <option value="">any</option>
          {Object.entries(REVIEW_LABELS).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
          <option value="unreviewed">not reviewed</option>
        </select>
      </label>
      <label>
        Version or tag
        <input value={form.version} onChange={(e) => setForm({ ...form, version: e.target.value })} placeholder="head" size={8} />
      </label>
      <FilterBuilder rows={form.filters} onChange={(filters) => setForm({ ...form, filters })} keys={datapointFilterKeys} />
      <div className="row">
        <button type="submit">Apply</button>
        <button type="button" onClick={() => (setForm(empty), onApply(empty))}>
          Clear
        </button>
      </div>
    </form>
  );
}

/** The datapoints of a version: filtered, read as you scroll or jump, opened beside, reviewed, edited into a draft. */
export function Datapoints() {
  const client = useClient();
  const phone = usePhone();
  const { dataset, reload } = useDataset();
  const [params, setParams] = useSearchParams();
  const form = useMemo(() => formOf(params), [params]);
  const query = useMemo(() => listingOf(form), [form]);
  const open = params.get('open') ?? undefined;
  const [editField, setEditField] = useState<string>();
  const [committed, setCommitted] = useState<Version>();
  const draft = useDraft(dataset.id, dataset.head_version);
  const atHead = !query.version || query.version === String(dataset.head_version);

  const setParam = useCallback(
    (changes: Record<string, string | undefined>) =>
      setParams(
        (old) => {
          const next = new URLSearchParams(old);
          for (const [k, v] of Object.entries(changes))
            if (v) next.set(k, v);
            else next.delete(k);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const openRow = useCallback(
    (key: string | undefined, field?: string) => {
      setParam({ open: key });
      setEditField(field);
    },
    [setParam],
  );
  const onOpen = useCallback((key: string) => openRow(key), [openRow]);
  const onEditCell = useCallback((key: string, field: string) => openRow(key, field), [openRow]);
  const apply = (f: Form) =>
    setParam({
      q: f.q || undefined,
      split: f.split || undefined,
      tags: f.tags || undefined,
      version: f.version || undefined,
      review: f.review || undefined,
      filters: filtersJson(f.filters),
      open: undefined,
    });

  // A whole older version spans its own count: read it (a tag names it too).
  const versionCount = useLoad(async () => {
    if (atHead) return dataset.datapoint_count;
    const number = /^\d+$/.test(query.version!) ? Number(query.version) : (await client.tags.get(dataset.id, query.version!)).version;
    return (await client.versions.get(dataset.id, number)).datapoint_count;
  }, [dataset.id, dataset.head_version, query.version]);
  const rows = useDatapointRows(client, dataset.id, query, versionCount.data ?? null);

  const d = atHead ? draft.draft : null;
  const added: Row[] = (d?.add ?? []).map((a) => ({ key: a.key, datapoint: a.fields, mark: 'added' }));
  // The same Row object for the same datapoint and draft, so the table's memoized rows skip
  // rendering; a new draft starts a new cache (the draft is its key, not an input).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rowCache = useMemo(() => new WeakMap<object, Row>(), [draft.draft]);
  const rowAt = (index: number): Row | undefined => {
    if (index < added.length) return added[index];
    const dp = rows.at(index - added.length);
    if (!dp) return undefined;
    const cached = rowCache.get(dp);
    if (cached) return cached;
    const edit = d?.update[dp.id];
    const row: Row = d?.delete.includes(dp.id)
      ? { key: dp.id, datapoint: dp, mark: 'deleted' }
      : edit
        ? { key: dp.id, datapoint: { ...dp, ...edit }, mark: 'edited' }
        : { key: dp.id, datapoint: dp };
    rowCache.set(dp, row);
    return row;
  };
  const need = useCallback((index: number) => rows.need(Math.max(0, index - added.length)), [rows, added.length]);

  const sample = useMemo(() => {
    const first: Row['datapoint'][] = [];
    for (let i = 0; i < 200; i++) {
      const dp = rows.at(i);
      if (dp) first.push(dp);
    }
    return first.length ? first : null;
    // The first page decides the columns offered; later pages do not reshuffle them.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rows.loaded > 0, dataset.id]);
  const discovered = useMemo(() => (sample ? discoverColumns(sample) : null), [sample]);
  const { layout, save } = useColumnLayout(dataset.id, discovered?.filled ?? null);
  const shownColumns = useMemo(() => (layout ? (phone ? layout.columns.slice(0, 1) : layout.columns) : []), [layout, phone]);

  // The open datapoint: from the loaded rows, or read by id (a link from a run or a diff).
  const loadedOpen = useMemo(() => {
    if (!open) return undefined;
    const draftRow = added.find((a) => a.key === open);
    if (draftRow) return draftRow;
    const index = rows.indexOf(open);
    return index === -1 ? undefined : rowAt(index + added.length);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, rows.loaded, draft.draft]);
  const fetched = useLoad(
    async () =>
      open && !loadedOpen && !open.startsWith('new-') ? client.datapoints.get(dataset.id, open, query.version || undefined) : undefined,
    [open, loadedOpen === undefined, dataset.head_version],
  );
  const shown: Row | undefined =
    loadedOpen ??
    (fetched.data && fetched.data.id === open
      ? { key: open, datapoint: { ...fetched.data, ...d?.update[open] }, mark: d?.update[open] ? 'edited' : undefined }
      : undefined);

  const newRow = () => openRow(draft.add({ input: '', expected_output: null }), 'input');
  const whole = isWhole(query);

  return (
    <div className="datapoints">
      <FilterForm key={params.toString().replace(/(^|&)open=[^&]*/, '')} initial={form} onApply={apply} />
      {committed && (
        <p className="notice" role="status">
          Committed version {committed.version}: {committed.added} added, {committed.updated} updated, {committed.deleted} deleted.{' '}
          <Link to={`/datasets/${dataset.id}/diff?from=${committed.version - 1}&to=${committed.version}`}>See the changes</Link>
        </p>
      )}
      <DraftBar
        datasetId={dataset.id}
        draft={draft}
        onHeadMoved={reload}
        onCommitted={(v) => {
          setCommitted(v);
          reload();
        }}
      />
      <div className="row spread">
        <p aria-live="polite">
          {whole
            ? `${count(rows.total)} datapoints${atHead ? '' : ` in version ${query.version}`}`
            : rows.done
              ? `${count(rows.loaded)} of ${count(dataset.datapoint_count)} match`
              : `${count(rows.loaded)} loaded so far of ${count(dataset.datapoint_count)}`}
          {rows.loading ? ' · loading…' : ''}
        </p>
        {atHead ? (
          <button type="button" onClick={newRow}>
            Add datapoint
          </button>
        ) : (
          <p className="muted">Viewing an older version: edits are made on the latest.</p>
        )}
      </div>
      {layout && discovered && (
        <ColumnPicker
          all={discovered.all}
          columns={layout.columns}
          height={layout.height}
          onChange={(columns, height) => save({ columns, height })}
        />
      )}
      <ErrorNote error={rows.error} action="Loading datapoints failed" />
      <ErrorNote error={fetched.error} action="Opening the datapoint failed" />
      <div className={`table-and-panel${shown ? ' with-panel' : ''}`}>
        {shown && (
          <DatapointPanel
            key={`${shown.key}-${editField ?? ''}`}
            datasetId={dataset.id}
            version={query.version}
            row={shown}
            review={rows.reviews.get(shown.key)}
            onReviewed={rows.setReview}
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
        <DatapointTable
          rowAt={rowAt}
          count={rows.count + added.length}
          jumpable={whole}
          need={need}
          columns={shownColumns}
          height={layout?.height ?? 'comfortable'}
          reviews={rows.reviews}
          onOpen={onOpen}
          onEditCell={onEditCell}
          selected={open}
        />
      </div>
    </div>
  );
}
