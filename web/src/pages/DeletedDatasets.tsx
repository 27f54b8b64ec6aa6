import { useState } from 'react';
import { ScrollX } from '../components/ScrollX';
import { Link } from 'react-router';
import type { DeletedDataset } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { count, when } from '../format';
import { useCursorList } from '../hooks';
import { useClient } from '../session';

/** The project's deleted datasets that can still be brought back, each with a restore button. */
export function DeletedDatasets() {
  const client = useClient();
  const list = useCursorList<DeletedDataset>((cursor) => client.page.deletedDatasets({ cursor }), []);
  const [restored, setRestored] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<unknown>();
  const restore = async (d: DeletedDataset) => {
    setError(undefined);
    try {
      await client.datasets.undelete(d.id);
      setRestored((r) => [...r, { id: d.id, name: d.name }]);
    } catch (e) {
      setError(e);
    }
  };
  const gone = list.items.filter((d) => !restored.some((r) => r.id === d.id));
  return (
    <>
      <h1>Deleted datasets</h1>
      <p className="muted">
        Deleted datasets are kept for 30 days with every version, then removed. <Link to="/datasets">Back to datasets</Link>
      </p>
      {restored.map((r) => (
        <p key={r.id} className="notice" role="status">
          Restored <Link to={`/datasets/${r.id}`}>{r.name}</Link>.
        </p>
      ))}
      <ErrorNote error={error} action="Restoring failed" />
      <ScrollX label="Deleted datasets">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Datapoints
              </th>
              <th scope="col">Deleted</th>
              <th scope="col">Restorable until</th>
              <th scope="col">
                <span className="sr-only">Restore</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {gone.map((d) => (
              <tr key={d.id}>
                <td>{d.name}</td>
                <td className="num">{count(d.datapoint_count)}</td>
                <td>{when(d.deleted_at)}</td>
                <td>{when(d.restorable_until)}</td>
                <td>
                  <button type="button" onClick={() => void restore(d)} aria-label={`Restore ${d.name}`}>
                    Restore
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <MoreButton list={list} what="deleted datasets" />
    </>
  );
}
