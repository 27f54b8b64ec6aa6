import { useState, type FormEvent } from 'react';
import { collect } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { Markdown } from '../components/Markdown';
import { asText, count, when } from '../format';
import { useLoad } from '../hooks';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

function EditForm({ onDone }: { onDone: () => void }) {
  const client = useClient();
  const { dataset, reload } = useDataset();
  const [name, setName] = useState(dataset.name);
  const [description, setDescription] = useState(dataset.description ?? '');
  const [tags, setTags] = useState(dataset.tags.join(', '));
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const tagList = tags
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      await client.datasets.update(dataset.id, { name, description: description || null, tags: tagList });
      reload();
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="stack panel" onSubmit={(e) => void submit(e)} aria-label="Edit dataset">
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={256} />
      </label>
      <label>
        Description (markdown)
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={6} />
      </label>
      <label>
        Tags (comma-separated)
        <input value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <div className="row">
        <button type="submit">Save</button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      <ErrorNote error={error} action="Saving failed" />
    </form>
  );
}

/** Deleting is soft for 30 days: the page offers to bring the dataset back at once. */
function DeleteControl() {
  const client = useClient();
  const { dataset, reload } = useDataset();
  const [deleted, setDeleted] = useState(false);
  const [error, setError] = useState<unknown>();
  const act = async (restore: boolean) => {
    setError(undefined);
    try {
      if (restore) await client.datasets.undelete(dataset.id);
      else await client.datasets.delete(dataset.id);
      setDeleted(!restore);
      if (restore) reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-label="Delete">
      {deleted ? (
        <div className="notice" role="status">
          Deleted. It can be restored for 30 days.{' '}
          <button type="button" onClick={() => void act(true)}>
            Restore dataset
          </button>
        </div>
      ) : (
        <button type="button" className="danger" onClick={() => window.confirm(`Delete "${dataset.name}"?`) && void act(false)}>
          Delete dataset
        </button>
      )}
      <ErrorNote error={error} />
    </section>
  );
}

/** The dataset card: description, splits, schema, version tags, metadata. */
export function DatasetCard() {
  const client = useClient();
  const { dataset } = useDataset();
  const [editing, setEditing] = useState(false);
  const splits = useLoad(() => client.datasets.splits(dataset.id), [dataset.id, dataset.head_version]);
  const tags = useLoad(() => collect(client.tags.list(dataset.id)), [dataset.id, dataset.head_version]);
  return (
    <div className="card-grid">
      <section aria-labelledby="about-h">
        <h2 id="about-h">About</h2>
        {editing ? (
          <EditForm onDone={() => setEditing(false)} />
        ) : (
          <>
            {dataset.description ? <Markdown text={dataset.description} /> : <p className="muted">No description.</p>}
            <p>
              Tags: {dataset.tags.length ? dataset.tags.join(', ') : <span className="muted">none</span>} · created{' '}
              {when(dataset.created_at)} · updated {when(dataset.updated_at)}
            </p>
            <button type="button" onClick={() => setEditing(true)}>
              Edit details
            </button>
          </>
        )}
      </section>
      <section aria-labelledby="splits-h">
        <h2 id="splits-h">Splits</h2>
        <ErrorNote error={splits.error} />
        {splits.data && splits.data.data.length === 0 && <p className="muted">No datapoint is in a split.</p>}
        <ul>
          {splits.data?.data.map((s) => (
            <li key={s.split}>
              {s.split}: {count(s.count)}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="vtags-h">
        <h2 id="vtags-h">Version tags</h2>
        <ErrorNote error={tags.error} />
        {tags.data && tags.data.length === 0 && <p className="muted">No version is tagged.</p>}
        <ul>
          {tags.data?.map((t) => (
            <li key={t.name}>
              <code>{t.name}</code> → version {t.version}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="schema-h">
        <h2 id="schema-h">Item schemas</h2>
        {dataset.item_schemas ? <pre>{asText(dataset.item_schemas, true)}</pre> : <p className="muted">None: any JSON is accepted.</p>}
        {Object.keys(dataset.metadata ?? {}).length > 0 && (
          <>
            <h3>Metadata</h3>
            <pre>{asText(dataset.metadata, true)}</pre>
          </>
        )}
      </section>
      <DeleteControl />
    </div>
  );
}
