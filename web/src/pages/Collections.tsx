import { Link, useParams } from 'react-router';
import type { components } from '@datashelf/client';
import { pageOf } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { count, when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';

type Collection = components['schemas']['Collection'];

/** The project's collections: named sets of member ids, some inside a dataset. */
export function CollectionList() {
  const client = useClient();
  const list = useCursorList<Collection>((cursor) => pageOf(client, '/v1/collections', { cursor }), []);
  return (
    <>
      <h1>Collections</h1>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th className="num">Members</th>
            <th>Dataset</th>
            <th>Updated</th>
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
      <MoreButton list={list} what="collections" />
    </>
  );
}

export function CollectionPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const collection = useLoad(() => client.transport.json<Collection>('GET', `/v1/collections/${encodeURIComponent(id)}`), [id]);
  const members = useCursorList<string>(
    (cursor) => pageOf(client, `/v1/collections/${encodeURIComponent(id)}/members`, { cursor, limit: 200 }),
    [id],
  );
  if (collection.error) return <ErrorNote error={collection.error} action="Loading the collection failed" />;
  const c = collection.data;
  return (
    <>
      <h1>{c?.name ?? '…'}</h1>
      {c?.dataset_id && (
        <p>
          In <Link to={`/datasets/${c.dataset_id}`}>its dataset</Link>.
        </p>
      )}
      <h2>Members</h2>
      <ul className="members">
        {members.items.map((m) => (
          <li key={m}>
            <code>{m}</code>
          </li>
        ))}
      </ul>
      <MoreButton list={members} what="members" />
    </>
  );
}
