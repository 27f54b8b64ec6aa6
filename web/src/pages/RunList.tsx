import { useState } from 'react';
import { ScrollX } from '../components/ScrollX';
import { Link, useNavigate } from 'react-router';
import type { Run } from '@datashelf/client';
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
  const runs = useCursorList<Run>((cursor) => client.page.runs({ dataset_id: dataset.id, cursor }), [dataset.id]);
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id].slice(-8)));
  return (
    <>
      <div className="row">
        <button
          type="button"
          disabled={picked.length < 2}
          onClick={() => void navigate(`/runs/compare?${picked.map((r) => `run=${r}`).join('&')}`)}
        >
          Compare the ticked runs{picked.length > 1 ? ` (${picked.length})` : ''}
        </button>
        <span className="muted">the first ticked is the base; runs must be on the same version</span>
      </div>
      <ScrollX label="Runs">
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
      </ScrollX>
      <MoreButton list={runs} what="runs" />
    </>
  );
}
