import { useState, type FormEvent } from 'react';
import { ScrollX } from '../components/ScrollX';
import { Link, useNavigate, useParams } from 'react-router';
import { ErrorNote } from '../components/ErrorNote';
import { FilterBuilder, filtersJson, type FilterRow } from '../components/FilterBuilder';
import { Content } from '../components/content/Content';
import { MoreButton } from '../components/MoreButton';
import { count, when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { useClient } from '../session';
import { useCatalogue } from '../catalogue';
import type { Container, TelemetryEvent } from '@datashelf/client';
const CUT_MAX = 1_000_000;

/** The project's telemetry containers. */
export function ContainerList() {
  const client = useClient();
  const containers = useCursorList<Container>((cursor) => client.page.containers({ cursor }), []);
  return (
    <>
      <h1>Telemetry</h1>
      <p className="muted">Containers of inference events; cut datasets from them by filters.</p>
      <ul className="picks">
        {containers.items.map((c) => (
          <li key={c.id}>
            <Link to={`/telemetry/${c.id}`}>{c.label}</Link> <span className="muted">since {when(c.created_at)}</span>
          </li>
        ))}
      </ul>
      <MoreButton list={containers} what="containers" />
    </>
  );
}

function CutForm({ container, filters, matching }: { container: string; filters: string | undefined; matching: number | undefined }) {
  const client = useClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [size, setSize] = useState('1000');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const parsed = filters ? (JSON.parse(filters) as never[]) : [];
      const dataset = await client.datasets.create({ name, container, size: Number(size), filters: parsed });
      void navigate(`/datasets/${dataset.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="inline panel" onSubmit={(e) => void submit(e)} aria-label="Cut a dataset">
      <label>
        New dataset name
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={256} />
      </label>
      <label>
        Newest events to take
        <input type="number" min={1} max={CUT_MAX} value={size} onChange={(e) => setSize(e.target.value)} required />
      </label>
      <button type="submit">
        Cut dataset{matching !== undefined ? ` (${count(Math.min(matching, Number(size) || 0))} datapoints)` : ''}
      </button>
      <ErrorNote error={error} action="Cutting the dataset failed" />
    </form>
  );
}

/** One container: a filter builder with the matching count and a sample, then the cut. */
export function ContainerPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const { eventFilterKeys } = useCatalogue();
  const container = useLoad(() => client.containers.get(id), [id]);
  const [rows, setRows] = useState<FilterRow[]>([]);
  const [applied, setApplied] = useState<string | undefined>();
  const matching = useLoad(() => client.containers.countEvents(id, applied), [id, applied]);
  const events = useCursorList<TelemetryEvent>((cursor) => client.page.events(id, { filters: applied, cursor, limit: 20 }), [id, applied]);
  if (container.error) return <ErrorNote error={container.error} action="Loading the container failed" />;
  return (
    <>
      <h1>{container.data?.label ?? '…'}</h1>
      <form className="stack" aria-label="Filter events" onSubmit={(e) => (e.preventDefault(), setApplied(filtersJson(rows)))}>
        <FilterBuilder rows={rows} onChange={setRows} keys={eventFilterKeys} />
        <button type="submit">Preview</button>
      </form>
      <ErrorNote error={matching.error ?? events.error} action="The filters were refused" />
      <p role="status" aria-live="polite">
        {matching.data ? `${matching.data.capped ? 'More than ' : ''}${count(matching.data.count)} events match.` : 'Counting…'}
      </p>
      <CutForm container={id} filters={applied} matching={matching.data?.count} />
      <h2>{applied ? 'Matching events (newest first)' : 'Recent events'}</h2>
      <ScrollX label="Events">
        <table>
          <thead>
            <tr>
              <th>At</th>
              <th>Model</th>
              <th>Status</th>
              <th>Input</th>
              <th>Output</th>
              <th className="num">Latency</th>
            </tr>
          </thead>
          <tbody>
            {events.items.map((e) => (
              <tr key={e.id}>
                <td>{when(e.created_at)}</td>
                <td>{e.model_name}</td>
                <td>{e.status}</td>
                <td>
                  <Content value={e.input} />
                </td>
                <td>
                  <Content value={e.output} />
                </td>
                <td className="num">{e.latency_ms ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <MoreButton list={events} what="events" />
    </>
  );
}
