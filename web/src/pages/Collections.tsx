import { useState, type FormEvent } from 'react';
import { ScrollX } from '../components/ScrollX';
import { Link, useNavigate, useParams } from 'react-router';
import type { Collection } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { count, when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';

const words = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((m) => m.trim())
    .filter(Boolean);

function NewCollection() {
  const client = useClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [members, setMembers] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const made = await client.collections.create({ name, ...(members.trim() && { members: words(members) }) });
      void navigate(`/collections/${made.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="panel">
      <summary>New collection</summary>
      <form className="stack" onSubmit={(e) => void submit(e)} aria-label="New collection">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={256} />
        </label>
        <label>
          Members (ids, separated by spaces or commas)
          <textarea value={members} onChange={(e) => setMembers(e.target.value)} rows={2} />
        </label>
        <button type="submit">Create</button>
        <ErrorNote error={error} action="Creating the collection failed" />
      </form>
    </details>
  );
}

/** The project's collections: named sets of member ids, some inside a dataset. */
export function CollectionList() {
  const client = useClient();
  const list = useCursorList<Collection>((cursor) => client.page.collections({ cursor }), []);
  return (
    <>
      <h1>Collections</h1>
      <NewCollection />
      <ScrollX label="Collections">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Members
              </th>
              <th scope="col">Dataset</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link to={`/collections/${c.id}`}>{c.name}</Link>
                </td>
                <td className="num">{count(c.member_count)}</td>
                <td>{c.dataset_id ? <Link to={`/datasets/${c.dataset_id}`}>open dataset</Link> : '—'}</td>
                <td>{when(c.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <MoreButton list={list} what="collections" />
    </>
  );
}

/** One collection: rename or delete it, add and remove members. */
export function CollectionPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const navigate = useNavigate();
  const collection = useLoad(() => client.collections.get(id), [id]);
  const members = useCursorList<string>((cursor) => client.page.collectionMembers(id, { cursor, limit: 200 }), [id]);
  const [name, setName] = useState<string>();
  const [adding, setAdding] = useState('');
  const [error, setError] = useState<unknown>();
  const act = async (what: () => Promise<unknown>, after: () => void) => {
    setError(undefined);
    try {
      await what();
      after();
    } catch (e) {
      setError(e);
    }
  };
  if (collection.error) return <ErrorNote error={collection.error} action="Loading the collection failed" />;
  const c = collection.data;
  if (!c) return <p aria-live="polite">Loading…</p>;
  return (
    <>
      <h1>{c.name}</h1>
      {c.dataset_id && (
        <p>
          In <Link to={`/datasets/${c.dataset_id}`}>its dataset</Link>.
        </p>
      )}
      <ErrorNote error={error} />
      <form
        className="inline"
        aria-label="Rename the collection"
        onSubmit={(e) => (e.preventDefault(), void act(() => client.collections.update(id, { name: name ?? c.name }), collection.reload))}
      >
        <label>
          Name
          <input value={name ?? c.name} onChange={(e) => setName(e.target.value)} required maxLength={256} />
        </label>
        <button type="submit">Rename</button>
        <button
          type="button"
          className="danger"
          onClick={() =>
            window.confirm(`Delete the collection "${c.name}"?`) &&
            void act(
              () => client.collections.delete(id),
              () => void navigate('/collections'),
            )
          }
        >
          Delete collection
        </button>
      </form>
      <h2>Members</h2>
      <form
        className="inline"
        aria-label="Add members"
        onSubmit={(e) => (
          e.preventDefault(),
          void act(
            () => client.collections.addMembers(id, words(adding)),
            () => (setAdding(''), members.reload()),
          )
        )}
      >
        <label>
          Add members (ids)
          <input value={adding} onChange={(e) => setAdding(e.target.value)} required />
        </label>
        <button type="submit">Add</button>
      </form>
      <ul className="members">
        {members.items.map((m) => (
          <li key={m}>
            <code>{m}</code>{' '}
            <button
              type="button"
              className="link small"
              aria-label={`Remove ${m}`}
              onClick={() => void act(() => client.collections.removeMembers(id, [m]), members.reload)}
            >
              remove
            </button>
          </li>
        ))}
      </ul>
      <MoreButton list={members} what="members" />
    </>
  );
}
