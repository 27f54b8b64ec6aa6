import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Run } from '@datashelf/client';
import { pageOf } from '../api';
import { MoreButton } from '../components/MoreButton';
import { when } from '../format';
import { useCursorList } from '../hooks';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

/** The evaluation runs of a dataset; tick two to compare them. */
export function RunList() {
  const client = useClient();
  const navigate = useNavigate();
  const { dataset } = useDataset();
  const runs = useCursorList<Run>((cursor) => pageOf(client, '/v1/runs', { dataset_id: dataset.id, cursor }), [dataset.id]);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p.slice(-1), id]));
  return (
    <>
      <div className="row">
        <button
          type="button"
          disabled={picked.length !== 2}
          onClick={() => void navigate(`/runs/compare?base=${picked[0]}&head=${picked[1]}`)}
        >
          Compare the two ticked runs
        </button>
        <span className="muted">the first ticked is the base</span>
      </div>
      <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>
                <span className="sr-only">Compare</span>
              </th>
              <th>Run</th>
              <th>Model</th>
              <th className="num">Version</th>
              <th className="num">Result</th>
              <th>Started</th>
              <th>Finished</th>
            </tr>
          </thead>
          <tbody>
            {runs.items.map((r) => (
              <tr key={r.id}>
                <td>
                  <input
                    type="checkbox"
                    checked={picked.includes(r.id)}
                    onChange={() => toggle(r.id)}
                    aria-label={`Compare run ${r.alias ?? r.seq}`}
                  />
                </td>
                <td>
                  <Link to={`/runs/${r.id}`}>{r.alias ?? `run ${r.seq}`}</Link>
                </td>
                <td>{r.model_slug ?? '—'}</td>
                <td className="num">{r.dataset_version}</td>
                <td className="num">{r.result ?? '—'}</td>
                <td>{when(r.started_at)}</td>
                <td>{when(r.finished_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MoreButton list={runs} what="runs" />
    </>
  );
}
