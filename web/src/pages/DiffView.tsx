import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { Change, FileChange } from '@datashelf/client';
import { useCatalogue } from '../catalogue';
import { AttachmentScope, AttachmentView } from '../components/content/Attachment';
import { attachmentMap, fileLink, idOf } from '../components/content/attachments';
import { Content } from '../components/content/Content';
import { DatapointName } from '../components/DatapointName';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { WordDiff } from '../components/WordDiff';
import { count } from '../format';
import { useCursorList, useDebounced, useLoad } from '../hooks';
import { changedPaths } from '../json-paths';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

const label = (field: string) => field.replace(/_/g, ' ');
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const empty = (v: unknown) => v === null || v === undefined || v === '' || (typeof v === 'object' && Object.keys(v).length === 0);

/** Attachments by name: those added, removed or replaced, each shown as it was and as it is. */
function AttachmentChange({ before, after }: { before: unknown; after: unknown }) {
  const was = attachmentMap(before) ?? {};
  const now = attachmentMap(after) ?? {};
  const idIn = (map: typeof was, name: string) => (map[name] === undefined ? undefined : idOf(map[name]));
  const names = [...new Set([...Object.keys(was), ...Object.keys(now)])].filter((n) => idIn(was, n) !== idIn(now, n));
  const side = (map: typeof was, name: string) =>
    map[name] ? <AttachmentView name={name} attachment={map[name]} /> : <span className="muted">—</span>;
  const rows = names.map((n) => ({
    key: n,
    cells: (
      <>
        <td className="before">{side(was, n)}</td>
        <td className="after">{side(now, n)}</td>
      </>
    ),
  }));
  return <BeforeAfter heading="Name" rows={rows} />;
}

/** A table of what changed, one row per place (its name in code), with what it was and what it is. */
function BeforeAfter({ heading, rows }: { heading: string; rows: { key: string; cells: ReactNode }[] }) {
  return (
    <table className="path-diff">
      <thead>
        <tr>
          <th scope="col">{heading}</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">
              <code>{r.key}</code>
            </th>
            {r.cells}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One changed field: a word-level change for text, attachments by name, else each changed path of the JSON with its before and after. */
function FieldChange({ before, after }: { before: unknown; after: unknown }) {
  if (typeof before === 'string' && typeof after === 'string') return <WordDiff before={before} after={after} />;
  if (attachmentMap(before) || attachmentMap(after)) return <AttachmentChange before={before} after={after} />;
  const rows = changedPaths(before, after).map((p) => ({
    key: p.path || '(the whole value)',
    cells:
      typeof p.before === 'string' && typeof p.after === 'string' ? (
        <td colSpan={2}>
          <WordDiff before={p.before} after={p.after} />
        </td>
      ) : (
        <>
          <td className="before">
            <Content value={p.before} />
          </td>
          <td className="after">
            <Content value={p.after} />
          </td>
        </>
      ),
  }));
  return <BeforeAfter heading="Where" rows={rows} />;
}

/** The files of the versions' trees that differ, by path, each as it was and as it is. */
function FileChanges({ changes }: { changes: FileChange[] }) {
  if (changes.length === 0) return null;
  const side = (file: FileChange['before']) =>
    file ? <AttachmentView name={file.path} attachment={fileLink(file)} /> : <span className="muted">—</span>;
  const rows = changes.map((c) => ({
    key: c.path,
    cells: (
      <>
        <td className="before">{side(c.before)}</td>
        <td className="after">{side(c.after)}</td>
      </>
    ),
  }));
  return (
    <section aria-labelledby="files-h">
      <h3 id="files-h">Files</h3>
      <BeforeAfter heading="Path" rows={rows} />
    </section>
  );
}

/** One datapoint that differs, by name: the fields it changed (or all it has, when added or removed). */
function ChangeCard({ change, fields, datasetId }: { change: Change; fields: string[]; datasetId: string }) {
  const side = (change.after ?? change.before)!;
  const touched = fields.filter((f) =>
    change.change === 'changed'
      ? !same(change.before?.[f as keyof typeof side], change.after?.[f as keyof typeof side])
      : !empty(side[f as keyof typeof side]),
  );
  return (
    <article className={`change change-${change.change}`} aria-label={`${change.change}: ${side.external_id ?? side.id}`}>
      <h3>
        <span className={`tag change-tag-${change.change}`}>{change.change}</span> <DatapointName datapoint={side} />{' '}
        {change.after && (
          <Link className="small" to={`/datasets/${datasetId}/datapoints?open=${change.id}`}>
            open
          </Link>
        )}
      </h3>
      <AttachmentScope attachments={side.attachments}>
        <dl className="fields">
          {touched.map((f) => (
            <div key={f} className="changed-field">
              <dt>{label(f)}</dt>
              <dd>
                {change.change === 'changed' ? (
                  <FieldChange before={change.before?.[f as keyof typeof side]} after={change.after?.[f as keyof typeof side]} />
                ) : (
                  <Content value={side[f as keyof typeof side]} />
                )}
              </dd>
            </div>
          ))}
        </dl>
      </AttachmentScope>
    </article>
  );
}

/** What differs between two versions (numbers or tags): counts, then each changed datapoint by name with its changes marked, then the files that differ. */
export function DiffView() {
  const client = useClient();
  const { settableFields } = useCatalogue();
  const { dataset } = useDataset();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? String(Math.max(0, dataset.head_version - 1));
  const to = params.get('to') ?? String(dataset.head_version);
  const field = params.get('field') ?? '';
  const split = useDebounced(params.get('split') ?? '');
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  // A diff's pages list the datapoints' changes, then the files'.
  const changes = useCursorList<Change | FileChange>(
    (cursor) =>
      client.page
        .diff(dataset.id, { from, to, split: split || undefined, cursor, limit: 50 })
        .then((page) => ({ data: [...page.data, ...page.files], next_cursor: page.next_cursor })),
    [dataset.id, from, to, split],
  );
  const points = changes.items.filter((c): c is Change => !('path' in c));
  const files = changes.items.filter((c): c is FileChange => 'path' in c);
  // One step's counts are the version's own; across several, they are counted as the changes load.
  const step = /^\d+$/.test(from) && /^\d+$/.test(to) && Number(to) === Number(from) + 1;
  const version = useLoad(() => (step ? client.versions.get(dataset.id, Number(to)) : Promise.resolve(undefined)), [dataset.id, from, to]);
  const fields = settableFields.filter((f) => f !== 'order' && (!field || f === field));
  const shown = points.filter(
    (c) =>
      !field || c.change !== 'changed' || !same(c.before?.[field as keyof Change['before']], c.after?.[field as keyof Change['before']]),
  );
  const tally = (kind: string) => points.filter((c) => c.change === kind).length;
  const v = version.data;
  return (
    <>
      <h2>
        Version {from} → version {to}
      </h2>
      <p>
        <Link to={`/datasets/${dataset.id}/versions`}>Back to versions</Link>
      </p>
      <p className="diff-counts" role="status">
        {v && !split
          ? `${count(v.added)} added · ${count(v.updated)} changed · ${count(v.deleted)} removed`
          : `${count(tally('added'))} added · ${count(tally('changed'))} changed · ${count(tally('removed'))} removed${changes.done ? '' : ' so far'}`}
        {v && v.files_added + v.files_updated + v.files_deleted > 0
          ? ` · files: ${count(v.files_added)} added, ${count(v.files_updated)} changed, ${count(v.files_deleted)} removed`
          : !v && files.length > 0
            ? ` · ${count(files.length)} files changed${changes.done ? '' : ' so far'}`
            : ''}
        {v?.message ? ` — “${v.message}”` : ''}
      </p>
      <form className="filters" aria-label="Which changes" onSubmit={(e) => e.preventDefault()}>
        <label>
          Only the field
          <select value={field} onChange={(e) => set('field', e.target.value)}>
            <option value="">every field</option>
            {settableFields
              .filter((f) => f !== 'order')
              .map((f) => (
                <option key={f} value={f}>
                  {label(f)}
                </option>
              ))}
          </select>
        </label>
        <label>
          Only the split
          <input value={params.get('split') ?? ''} onChange={(e) => set('split', e.target.value.trim())} placeholder="test" size={10} />
        </label>
      </form>
      <ErrorNote error={version.error} />
      {shown.map((c) => (
        <ChangeCard key={c.id} change={c} fields={fields} datasetId={dataset.id} />
      ))}
      <FileChanges changes={files} />
      <MoreButton list={changes} what="changes" />
    </>
  );
}
