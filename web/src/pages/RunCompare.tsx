import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ItemDelta, RunComparison } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { shortId } from '../format';
import { useCursorList, useLoad } from '../hooks';
import { metricNames, score, signed } from '../metrics';
import { useClient } from '../session';

/** Two runs side by side: metric deltas, then the datapoints that moved, regressions first. */
export function RunCompare() {
  const client = useClient();
  const [params] = useSearchParams();
  const base = params.get('base') ?? '';
  const head = params.get('head') ?? '';
  const [change, setChange] = useState('regressed');
  const [summary, setSummary] = useState<RunComparison>();
  const names = useLoad(() => metricNames(client), []);
  const deltas = useCursorList<ItemDelta>(
    async (cursor) => {
      const page = await client.transport.json<RunComparison>('GET', '/v1/runs/compare', {
        query: { base, head, change, cursor, limit: 100 },
      });
      setSummary(page);
      return page;
    },
    [base, head, change],
  );
  const name = (metric: string) => names.data?.get(metric) ?? shortId(metric);
  return (
    <>
      <h1>Comparing runs</h1>
      {summary && (
        <p className="muted">
          base {summary.base.alias ?? `run ${summary.base.seq}`} (v{summary.base.dataset_version}) → head{' '}
          {summary.head.alias ?? `run ${summary.head.seq}`} (v
          {summary.head.dataset_version})
        </p>
      )}
      <ErrorNote error={deltas.error} action="Comparing failed" />
      {summary && (
        <table aria-label="Metric deltas">
          <thead>
            <tr>
              <th>Metric</th>
              <th className="num">Base mean</th>
              <th className="num">Head mean</th>
              <th className="num">Δ mean</th>
              <th className="num">Δ pass rate</th>
            </tr>
          </thead>
          <tbody>
            {summary.metrics.map((m) => (
              <tr key={m.metric_id} className={(m.mean_delta ?? 0) < 0 ? 'worse' : ''}>
                <td>{name(m.metric_id)}</td>
                <td className="num">{score(m.base?.mean)}</td>
                <td className="num">{score(m.head?.mean)}</td>
                <td className="num">{signed(m.mean_delta)}</td>
                <td className="num">{signed(m.pass_rate_delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <label>
        Show
        <select value={change} onChange={(e) => setChange(e.target.value)}>
          <option value="regressed">regressions</option>
          <option value="improved">improvements</option>
          <option value="changed">every change</option>
          <option value="all">every datapoint</option>
        </select>
      </label>
      <table aria-label="Datapoint deltas">
        <thead>
          <tr>
            <th>Datapoint</th>
            <th>Metric</th>
            <th className="num">Base</th>
            <th className="num">Head</th>
            <th className="num">Δ</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {deltas.items.map((d) => (
            <tr key={`${d.datapoint_id}-${d.metric_id}`} className={d.change === 'regressed' ? 'worse' : ''}>
              <td>
                <code>{shortId(d.datapoint_id)}</code>
              </td>
              <td>{name(d.metric_id)}</td>
              <td className="num">{score(d.base)}</td>
              <td className="num">{score(d.head)}</td>
              <td className="num">{signed(d.delta)}</td>
              <td>{d.change}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton list={deltas} what="datapoints" />
    </>
  );
}
