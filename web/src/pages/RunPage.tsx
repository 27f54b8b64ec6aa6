import { Link, useParams } from 'react-router';
import { ErrorNote } from '../components/ErrorNote';
import { runName, RunItemsView } from '../components/RunItemsView';
import { when } from '../format';
import { useLoad } from '../hooks';
import { useClient } from '../session';

/** One run: its metrics and their distribution, then its items with input, expected and actual output, scores and why. */
export function RunPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const run = useLoad(() => client.runs.get(id), [id]);
  if (run.error) return <ErrorNote error={run.error} action="Loading the run failed" />;
  const r = run.data;
  if (!r) return <p aria-live="polite">Loading…</p>;
  return (
    <>
      <h1>{runName(r)}</h1>
      <p className="muted">
        {r.model_slug ?? 'no model'} · <Link to={`/datasets/${r.dataset_id}`}>dataset</Link> version {r.dataset_version} · started{' '}
        {when(r.started_at)} · {r.finished_at ? `finished ${when(r.finished_at)}` : 'running'}
      </p>
      <RunItemsView runIds={[id]} />
    </>
  );
}
