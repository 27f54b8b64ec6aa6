import { useState } from 'react';
import { ScrollX } from './ScrollX';
import { Link } from 'react-router';
import type { ComparedItem, RunItemComparison } from '@datashelf/client';
import { useCursorList } from '../hooks';
import { score, signed } from '../metrics';
import { useClient } from '../session';
import { AttachmentList, AttachmentScope } from './content/Attachment';
import { attachmentMap } from './content/attachments';
import { Content } from './content/Content';
import { DatapointName } from './DatapointName';
import { MoreButton } from './MoreButton';
import { ScoreChart } from './ScoreChart';
import { WordDiff } from './WordDiff';

type Summary = Omit<RunItemComparison, 'data' | 'next_cursor'>;
type Outcome = NonNullable<ComparedItem['outcomes'][number]>;

const SORTS = [
  ['delta', 'regressions first'],
  ['-delta', 'improvements first'],
  ['score', 'lowest score first'],
  ['-score', 'highest score first'],
  ['datapoint', 'datapoint order'],
] as const;

export const runName = (r: { alias?: string | null; seq: number; model_slug?: string | null }) =>
  r.alias ?? `run ${r.seq}${r.model_slug ? ` (${r.model_slug})` : ''}`;

function MetricTable({ summary, names }: { summary: Summary; names: string[] }) {
  const several = summary.runs.length > 1;
  return (
    <ScrollX label="Metrics table">
      <table aria-label="Metrics">
        <thead>
          <tr>
            <th scope="col">Metric</th>
            {names.map((n, i) => (
              <th scope="col" key={i} className="num">
                <span className={`swatch run-${i}`} aria-hidden="true" /> {n}
              </th>
            ))}
            {several && (
              <th scope="col" className="num">
                Δ mean
              </th>
            )}
            <th scope="col">Distribution</th>
          </tr>
        </thead>
        <tbody>
          {summary.metrics.map((m) => {
            const delta = m.mean_deltas[m.mean_deltas.length - 1];
            return (
              <tr key={m.metric_id} className={several && (delta ?? 0) < 0 ? 'worse' : ''}>
                <th scope="row">{m.name ?? m.metric_id.slice(0, 8)}</th>
                {m.aggregates.map((a, i) => (
                  <td key={i} className="num">
                    {score(a?.mean)}
                    {a?.pass_rate !== null && a?.pass_rate !== undefined && (
                      <span className="muted"> · {(a.pass_rate * 100).toFixed(0)} % pass</span>
                    )}
                  </td>
                ))}
                {several && <td className="num">{signed(delta)}</td>}
                <td>
                  <ScoreChart metric={m} runNames={names} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollX>
  );
}

function Scores({ outcome, names }: { outcome: Outcome; names: Map<string, string> }) {
  return (
    <ul className="scores">
      {outcome.scores.map((s) => (
        <li key={s.metric_id} className={s.passed === false ? 'fail' : s.passed ? 'pass' : ''}>
          <span className="tag">
            {names.get(s.metric_id) ?? 'metric'} {score(s.result)}
            <span className="sr-only">{s.passed === false ? ' (failed)' : s.passed ? ' (passed)' : ''}</span>
          </span>
          {s.explanation && (
            <details>
              <summary>why</summary>
              <p className="text">{s.explanation}</p>
            </details>
          )}
        </li>
      ))}
    </ul>
  );
}

function ItemCard({
  item,
  summary,
  names,
  metricNames,
  highlight,
}: {
  item: ComparedItem;
  summary: Summary;
  names: string[];
  metricNames: Map<string, string>;
  highlight: boolean;
}) {
  const dp = item.datapoint;
  const base = item.outcomes[0];
  const datasetId = summary.runs[0].dataset_id;
  const regressed = (item.worst_delta ?? 0) < 0;
  const files = attachmentMap(dp.attachments);
  return (
    <article className={`run-item${regressed ? ' regressed' : ''}`} aria-label={`Item ${dp.external_id ?? dp.seq}`}>
      <header className="row spread">
        <h3>
          <DatapointName datapoint={dp} />
        </h3>
        <span className="row">
          {item.worst_delta !== null && summary.runs.length > 1 && (
            <span className={`tag ${regressed ? 'fail' : ''}`}>
              {regressed ? 'regressed' : (item.best_delta ?? 0) > 0 ? 'improved' : 'same'}{' '}
              {signed(regressed ? item.worst_delta : item.best_delta)}
            </span>
          )}
          <Link to={`/datasets/${datasetId}/datapoints?open=${dp.id}&version=${summary.version}`}>Open datapoint</Link>
        </span>
      </header>
      <AttachmentScope attachments={dp.attachments}>
        <div className="item-content">
          <section aria-label="Input">
            <h4>Input</h4>
            <Content value={dp.input} />
          </section>
          <section aria-label="Expected output">
            <h4>Expected output</h4>
            <Content value={dp.expected_output} />
          </section>
          {files && (
            <section aria-label="Attachments">
              <h4>Attachments</h4>
              <AttachmentList attachments={files} />
            </section>
          )}
        </div>
        <div className="outputs" role="group" aria-label="Outputs">
          {item.outcomes.map((o, i) => (
            <section key={i} className={`output run-${i}`} aria-label={`Output of ${names[i]}`}>
              <h4>
                <span className={`swatch run-${i}`} aria-hidden="true" /> {names[i]}
              </h4>
              {!o ? (
                <p className="muted">No item in this run.</p>
              ) : (
                <>
                  {highlight && i > 0 && typeof o.output === 'string' && typeof base?.output === 'string' && o.output !== base.output ? (
                    <WordDiff before={base.output} after={o.output} />
                  ) : (
                    <Content value={o.output} />
                  )}
                  {o.error && <p className="error-text">error: {o.error}</p>}
                  <Scores outcome={o} names={metricNames} />
                </>
              )}
            </section>
          ))}
        </div>
      </AttachmentScope>
    </article>
  );
}

/**
 * Runs of one version read item by item: per item the input and expected output, then
 * every run's output side by side with its scores; regressions first, filters by change,
 * verdict and metric; and above them each metric's means, deltas and distributions.
 */
export function RunItemsView({ runIds }: { runIds: string[] }) {
  const client = useClient();
  const several = runIds.length > 1;
  const [sort, setSort] = useState<string>(several ? 'delta' : 'score');
  const [change, setChange] = useState('all');
  const [pass, setPass] = useState('');
  const [metric, setMetric] = useState('');
  const [highlight, setHighlight] = useState(true);
  const [summary, setSummary] = useState<Summary>();
  const items = useCursorList<ComparedItem>(
    async (cursor) => {
      const page = await client.page.runsSideBySide({
        run: runIds,
        sort: sort as 'delta',
        change: change as 'all',
        pass: (pass || undefined) as 'passed' | undefined,
        metric_id: metric || undefined,
        cursor,
        limit: 25,
      });
      const { data: _data, next_cursor: _next, ...rest } = page;
      setSummary(rest);
      return page;
    },
    [runIds.join(','), sort, change, pass, metric],
  );
  const names = summary?.runs.map(runName) ?? runIds.map(() => '…');
  const metricNames = new Map((summary?.metrics ?? []).map((m) => [m.metric_id, m.name ?? m.metric_id.slice(0, 8)]));
  return (
    <>
      {summary && (
        <p className="muted">
          Dataset version {summary.version} · <Link to={`/datasets/${summary.runs[0].dataset_id}/runs`}>all runs of the dataset</Link>
        </p>
      )}
      {summary && <MetricTable summary={summary} names={names} />}
      <form className="filters" aria-label="Items" onSubmit={(e) => e.preventDefault()}>
        <label>
          Order
          <select value={sort} onChange={(e) => setSort(e.target.value)}>
            {SORTS.filter(([v]) => several || !v.includes('delta')).map(([v, text]) => (
              <option key={v} value={v}>
                {text}
              </option>
            ))}
          </select>
        </label>
        {several && (
          <label>
            Show
            <select value={change} onChange={(e) => setChange(e.target.value)}>
              <option value="all">every item</option>
              <option value="regressed">regressions</option>
              <option value="improved">improvements</option>
              <option value="changed">every change</option>
            </select>
          </label>
        )}
        <label>
          {several ? 'First run' : 'Verdict'}
          <select value={pass} onChange={(e) => setPass(e.target.value)}>
            <option value="">passed or failed</option>
            <option value="failed">failed</option>
            <option value="passed">passed</option>
          </select>
        </label>
        <label>
          Metric
          <select value={metric} onChange={(e) => setMetric(e.target.value)}>
            <option value="">every metric</option>
            {summary?.metrics.map((m) => (
              <option key={m.metric_id} value={m.metric_id}>
                {m.name ?? m.metric_id.slice(0, 8)}
              </option>
            ))}
          </select>
        </label>
        {several && (
          <label className="check">
            <input type="checkbox" checked={highlight} onChange={(e) => setHighlight(e.target.checked)} /> Highlight changes from the first
            run
          </label>
        )}
      </form>
      <div className="run-items">
        {items.items.map((item) =>
          summary ? (
            <ItemCard key={item.datapoint.id} item={item} summary={summary} names={names} metricNames={metricNames} highlight={highlight} />
          ) : null,
        )}
      </div>
      <MoreButton list={items} what="items" />
    </>
  );
}
