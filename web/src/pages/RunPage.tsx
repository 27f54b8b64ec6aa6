import { Link, useParams } from 'react-router';
import type { RunItem } from '@datashelf/client';
import { pageOf } from '../api';
import { ErrorNote } from '../components/ErrorNote';
import { JsonValue } from '../components/JsonValue';
import { MoreButton } from '../components/MoreButton';
import { shortId, when } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { metricNames, score } from '../metrics';
import { useClient } from '../session';

/** One run: its aggregates per metric, and its items with their scores. */
export function RunPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const run = useLoad(() => client.runs.get(id), [id]);
  const names = useLoad(() => metricNames(client), []);
  const items = useCursorList<RunItem>(
    (cursor) => pageOf(client, `/v1/runs/${encodeURIComponent(id)}/items`, { cursor, limit: 100 }),
    [id],
  );
  if (run.error) return <ErrorNote error={run.error} action="Loading the run failed" />;
  const r = run.data;
  if (!r) return <p aria-live="polite">Loading…</p>;
  const name = (metric: string) => names.data?.get(metric) ?? shortId(metric);
  return (
    <>
      <h1>{r.alias ?? `Run ${r.seq}`}</h1>
      <p className="muted">
        {r.model_slug ?? 'no model'} · <Link to={`/datasets/${r.dataset_id}`}>dataset</Link> version {r.dataset_version} · started{' '}
        {when(r.started_at)} · {r.finished_at ? `finished ${when(r.finished_at)}` : 'running'}
      </p>
      <h2>Aggregates</h2>
      <table>
        <thead>
          <tr>
            <th>Metric</th>
            <th className="num">Scored</th>
            <th className="num">Mean</th>
            <th className="num">p50</th>
            <th className="num">p90</th>
            <th className="num">Pass rate</th>
          </tr>
        </thead>
        <tbody>
          {r.aggregates.map((a) => (
            <tr key={a.metric_id}>
              <td>{name(a.metric_id)}</td>
              <td className="num">{a.count}</td>
              <td className="num">{score(a.mean)}</td>
              <td className="num">{score(a.p50)}</td>
              <td className="num">{score(a.p90)}</td>
              <td className="num">{a.pass_rate === null ? '—' : `${(a.pass_rate * 100).toFixed(1)} %`}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Items</h2>
      <div className="scroll-x">
        <table>
          <thead>
            <tr>
              <th>Datapoint</th>
              <th>Output</th>
              <th>Scores</th>
              <th className="num">Latency</th>
              <th>Error</th>
            </tr>
          </thead>
          <tbody>
            {items.items.map((i) => (
              <tr key={i.datapoint_id}>
                <td>
                  <code>{shortId(i.datapoint_id)}</code>
                </td>
                <td>
                  <JsonValue value={i.output} label={`output of ${shortId(i.datapoint_id)}`} />
                </td>
                <td>
                  {i.scores.map((s) => (
                    <span key={s.metric_id} className={s.passed === false ? 'tag fail' : 'tag'}>
                      {name(s.metric_id)} {score(s.result)}
                    </span>
                  ))}
                </td>
                <td className="num">{i.latency_ms ?? '—'}</td>
                <td>{i.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <MoreButton list={items} what="items" />
    </>
  );
}
