import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { collect, type Version, type VersionTag } from '@datashelf/client';
import { datasetPath, pageOf } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { count, shortId, when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

/** Sets a tag (new, or moved from the version it named) on a version. */
function TagForm({ version, tags, onDone }: { version: number; tags: VersionTag[]; onDone: (error?: unknown) => void }) {
  const client = useClient();
  const { dataset } = useDataset();
  const [name, setName] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await client.tags.set(dataset.id, name.trim(), version);
      setName('');
      onDone();
    } catch (e) {
      onDone(e);
    }
  };
  return (
    <form className="inline" onSubmit={(e) => void submit(e)} aria-label={`Tag version ${version}`}>
      <label>
        Tag v{version} as
        <input
          list={`tags-${version}`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          pattern="[A-Za-z][A-Za-z0-9._\-]{0,63}"
          required
        />
      </label>
      <datalist id={`tags-${version}`}>
        {tags.map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
      <button type="submit">{tags.some((t) => t.name === name.trim()) ? 'Move tag' : 'Set tag'}</button>
    </form>
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

/** The timeline: each version with its message, author, counts and tags; tag, restore, compare. */
export function Versions() {
  const client = useClient();
  const { dataset, reload } = useDataset();
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string>();
  const versions = useCursorList<Version>(
    (cursor) => pageOf(client, `${datasetPath(dataset.id)}/versions`, { cursor }),
    [dataset.id, dataset.head_version],
  );
  const tags = useLoad(() => collect(client.tags.list(dataset.id)), [dataset.id, dataset.head_version]);
  const tagged = (v: number) => (tags.data ?? []).filter((t) => t.version === v);
  const after = (what: string) => (e?: unknown) => {
    setError(e);
    if (!e) {
      setDone(what);
      tags.reload();
      reload();
    }
  };
  const restore = async (v: Version) => {
    if (!window.confirm(`Make a new version with the content of version ${v.version}?`)) return;
    try {
      const made = await client.versions.restore(dataset.id, v.version, `restore version ${v.version}`);
      after(`Version ${made.version} restores version ${v.version}.`)();
    } catch (e) {
      after('')(e);
    }
  };
  return (
    <>
      <DiffPicker head={dataset.head_version} />
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
              +{count(v.added)} ~{count(v.updated)} −{count(v.deleted)} · {count(v.datapoint_count)} datapoints · by key {shortId(v.key_id)}
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
              <TagForm version={v.version} tags={tags.data ?? []} onDone={after(`Tagged version ${v.version}.`)} />
            </div>
          </li>
        ))}
      </ol>
      <MoreButton list={versions} what="versions" />
    </>
  );
}
