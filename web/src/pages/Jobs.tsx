import { Link, useParams } from 'react-router';
import type { components } from '@datashelf/client';
import { pageOf } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';

type Job = components['schemas']['Job'];
type JobLink = components['schemas']['JobLink'];

/** Training and evaluation jobs. */
export function JobList() {
  const client = useClient();
  const jobs = useCursorList<Job>((cursor) => pageOf(client, '/v1/jobs', { cursor }), []);
  return (
    <>
      <h1>Jobs</h1>
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Status</th>
            <th>Updated</th>
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
      <MoreButton list={jobs} what="jobs" />
    </>
  );
}

/** One job and the artifact datasets it read (input) or wrote (output). */
export function JobPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const job = useLoad(() => client.transport.json<Job>('GET', `/v1/jobs/${encodeURIComponent(id)}`), [id]);
  const links = useCursorList<JobLink>((cursor) => pageOf(client, `/v1/jobs/${encodeURIComponent(id)}/datasets`, { cursor }), [id]);
  if (job.error) return <ErrorNote error={job.error} action="Loading the job failed" />;
  return (
    <>
      <h1>{job.data?.name ?? '…'}</h1>
      <p className="muted">
        {job.data?.kind} · {job.data?.status} · updated {when(job.data?.updated_at)}
      </p>
      <h2>Artifact datasets</h2>
      <ul>
        {links.items.map((l) => (
          <li key={`${l.dataset_id}-${l.direction}`}>
            {l.direction}: <Link to={`/datasets/${l.dataset_id}`}>{l.dataset_id.slice(0, 8)}</Link>{' '}
            <span className="muted">linked {when(l.created_at)}</span>
          </li>
        ))}
      </ul>
      <MoreButton list={links} what="datasets" />
    </>
  );
}
