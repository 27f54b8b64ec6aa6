import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { collect, type Version } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { count, when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

/** The one tag control: name a version (a new tag, or an existing one moved), or delete a tag. */
function TagControl({
  tags,
  head,
  onDone,
}: {
  tags: { name: string; version: number }[];
  head: number;
  onDone: (note?: string, error?: unknown) => void;
}) {
  const client = useClient();
  const { dataset } = useDataset();
  const [name, setName] = useState('');
  const [version, setVersion] = useState(String(head));
  const existing = tags.find((t) => t.name === name.trim());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await client.tags.set(dataset.id, name.trim(), Number(version));
      onDone(`${existing ? 'Moved' : 'Set'} tag ${name.trim()} on version ${version}.`);
      setName('');
    } catch (e) {
      onDone(undefined, e);
    }
  };
  const remove = async (tag: string) => {
    if (!window.confirm(`Delete the tag "${tag}"? Its history is kept.`)) return;
    try {
      await client.tags.delete(dataset.id, tag);
      onDone(`Deleted tag ${tag}.`);
    } catch (e) {
      onDone(undefined, e);
    }
  };
  return (
    <section className="panel" aria-labelledby="tags-h">
      <h2 id="tags-h">Tags</h2>
      {tags.length > 0 && (
        <ul className="tag-list">
          {tags.map((t) => (
            <li key={t.name}>
              <span className="tag">{t.name}</span> → v{t.version}{' '}
              <button type="button" className="link small" onClick={() => void remove(t.name)} aria-label={`Delete tag ${t.name}`}>
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline" onSubmit={(e) => void submit(e)} aria-label="Tag a version">
        <label>
          Tag
          <input list="tag-names" value={name} onChange={(e) => setName(e.target.value)} pattern="[A-Za-z][A-Za-z0-9._\-]{0,63}" required />
        </label>
        <datalist id="tag-names">
          {tags.map((t) => (
            <option key={t.name} value={t.name} />
          ))}
        </datalist>
        <label>
          on version
          <input type="number" min={1} max={head} value={version} onChange={(e) => setVersion(e.target.value)} required size={6} />
        </label>
        <button type="submit">{existing ? `Move tag from v${existing.version}` : 'Set tag'}</button>
      </form>
    </section>
  );
}

/** Compare any two versions: from, to. */
function DiffPicker({ head }: { head: number }) {
  const navigate = useNavigate();
  const { dataset } = useDataset();
  const [from, setFrom] = useState(String(Math.max(0, head - 1)));
  const [to, setTo] = useState(String(head));
  return (
    <form
      className="inline"
      aria-label="Compare versions"
      onSubmit={(e) => (
        e.preventDefault(),
        void navigate(`/datasets/${dataset.id}/diff?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`)
      )}
    >
      <label>
        From version
        <input value={from} onChange={(e) => setFrom(e.target.value)} required size={6} />
      </label>
      <label>
        To version
        <input value={to} onChange={(e) => setTo(e.target.value)} required size={6} />
      </label>
      <button type="submit">Compare</button>
    </form>
  );
}

/** The timeline: each version with its message, author by name, counts and tags; tag, restore, compare. */
export function Versions() {
  const client = useClient();
  const { dataset, reload } = useDataset();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const versions = useCursorList<Version>((cursor) => client.page.versions(dataset.id, { cursor }), [dataset.id, dataset.head_version]);
  const tags = useLoad(() => collect(client.tags.list(dataset.id)), [dataset.id, dataset.head_version]);
  const authors = useLoad(() => client.datasets.authors(dataset.id), [dataset.id, dataset.head_version]);
  const author = (v: Version) => {
    if (!v.key_id) return 'an unrecorded author';
    const a = authors.data?.find((x) => x.key_id === v.key_id && x.user_id === v.user_id);
    const key = a?.key_name ? `key “${a.key_name}”` : `key ${v.key_id.slice(0, 8)}`;
    return a?.user_name ? `${a.user_name} (${key})` : key;
  };
  const tagged = (v: number) => (tags.data ?? []).filter((t) => t.version === v);
  const after = (note?: string, e?: unknown) => {
    setError(e);
    setDone(note);
    if (!e) {
      tags.reload();
      reload();
    }
  };
  const restore = async (v: Version) => {
    if (!window.confirm(`Make a new version with the content of version ${v.version}?`)) return;
    try {
      const made = await client.versions.restore(dataset.id, v.version, `restore version ${v.version}`);
      after(`Version ${made.version} restores version ${v.version}.`);
    } catch (e) {
      after(undefined, e);
    }
  };
  return (
    <>
      <div className="versions-tools">
        <DiffPicker head={dataset.head_version} />
        <TagControl tags={tags.data ?? []} head={dataset.head_version} onDone={after} />
      </div>
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <ErrorNote error={error} />
      <ol className="timeline" aria-label="Versions">
        {versions.items.map((v) => (
          <li key={v.version}>
            <div className="row spread">
              <h2>
                Version {v.version}
                {tagged(v.version).map((t) => (
                  <span key={t.name} className="tag">
                    {t.name}
                  </span>
                ))}
              </h2>
              <span className="muted">{when(v.created_at)}</span>
            </div>
            <p>{v.message ?? <span className="muted">no message</span>}</p>
            <p className="muted">
              +{count(v.added)} ~{count(v.updated)} −{count(v.deleted)} · {count(v.datapoint_count)} datapoints · by {author(v)}
            </p>
            <div className="row">
              {v.version > 1 && (
                <Link to={`/datasets/${dataset.id}/diff?from=${v.version - 1}&to=${v.version}`}>Changes in v{v.version}</Link>
              )}
              {v.version !== dataset.head_version && (
                <button type="button" onClick={() => void restore(v)}>
                  Restore v{v.version}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      <MoreButton list={versions} what="versions" />
    </>
  );
}
