import { useState, type FormEvent } from 'react';
import { ScrollX } from '../components/ScrollX';
import { Link, useParams } from 'react-router';
import { collect, type Job, type JobLink } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';

/** Training and evaluation jobs. */
export function JobList() {
  const client = useClient();
  const jobs = useCursorList<Job>((cursor) => client.page.jobs({ cursor }), []);
  return (
    <>
      <h1>Jobs</h1>
      <ScrollX label="Jobs">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Updated</th>
            </tr>
          </thead>
          <tbody>
            {jobs.items.map((j) => (
              <tr key={j.id}>
                <td>
                  <Link to={`/jobs/${j.id}`}>{j.name}</Link>
                </td>
                <td>{j.kind}</td>
                <td>{j.status}</td>
                <td>{when(j.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <MoreButton list={jobs} what="jobs" />
    </>
  );
}

/** Links a dataset of the project to the job, as what it read (input) or wrote (output). */
function LinkForm({ jobId, datasets, onLinked }: { jobId: string; datasets: { id: string; name: string }[]; onLinked: () => void }) {
  const client = useClient();
  const [dataset, setDataset] = useState('');
  const [direction, setDirection] = useState<'input' | 'output'>('input');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await client.jobs.link(jobId, { dataset_id: dataset, direction });
      onLinked();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="inline" onSubmit={(e) => void submit(e)} aria-label="Link a dataset">
      <label htmlFor="link-dataset">Dataset</label>
      <select id="link-dataset" value={dataset} onChange={(e) => setDataset(e.target.value)} required>
        <option value="">choose…</option>
        {datasets.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </select>
      <label htmlFor="link-direction">As</label>
      <select id="link-direction" value={direction} onChange={(e) => setDirection(e.target.value as 'input')}>
        <option value="input">input (read)</option>
        <option value="output">output (written)</option>
      </select>
      <button type="submit">Link</button>
      <ErrorNote error={error} action="Linking failed" />
    </form>
  );
}

/** One job and the artifact datasets it read (input) or wrote (output), by name and path. */
export function JobPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const job = useLoad(() => client.jobs.get(id), [id]);
  const links = useCursorList<JobLink>((cursor) => client.page.jobDatasets(id, { cursor }), [id]);
  // The project's datasets, once: the links' names and the link form's choices.
  const datasets = useLoad(() => collect(client.datasets.list()), []);
  const named = (datasetId: string) => datasets.data?.find((d) => d.id === datasetId);
  if (job.error) return <ErrorNote error={job.error} action="Loading the job failed" />;
  return (
    <>
      <h1>{job.data?.name ?? '…'}</h1>
      <p className="muted">
        {job.data?.kind} · {job.data?.status} · updated {when(job.data?.updated_at)}
      </p>
      <h2>Artifact datasets</h2>
      <ul className="links">
        {links.items.map((l) => {
          const d = named(l.dataset_id);
          return (
            <li key={`${l.dataset_id}-${l.direction}`}>
              {l.direction}: <Link to={`/datasets/${l.dataset_id}`}>{d?.name ?? l.dataset_id.slice(0, 8)}</Link>
              {d?.path && (
                <>
                  {' '}
                  <code>{d.path}</code>
                </>
              )}{' '}
              <span className="muted">linked {when(l.created_at)}</span>
            </li>
          );
        })}
      </ul>
      <MoreButton list={links} what="datasets" />
      <LinkForm jobId={id} datasets={datasets.data ?? []} onLinked={links.reload} />
    </>
  );
}
