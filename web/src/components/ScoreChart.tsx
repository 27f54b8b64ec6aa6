import type { ComparedMetric } from '@datashelf/client';

const WIDTH = 160;
const HEIGHT = 44;

/** A metric's score distributions, one row of bars per run, over the same bins: how the runs differ at a glance. */
export function ScoreChart({ metric, runNames }: { metric: ComparedMetric; runNames: string[] }) {
  const h = metric.histogram;
  if (!h) return null;
  const most = Math.max(1, ...h.counts.flat());
  const bins = h.counts[0]?.length ?? 0;
  const band = HEIGHT / h.counts.length;
  const bar = WIDTH / Math.max(1, bins);
  const described = h.counts.map((c, r) => `${runNames[r]}: ${c.join(', ')}`).join('; ');
  return (
    <svg
      className="score-chart"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={`Distribution of ${metric.name ?? 'the metric'} from ${h.low} to ${h.high} in ${bins} bins — ${described}`}
    >
      {h.counts.map((counts, r) =>
        counts.map((n, b) => {
          const tall = (n / most) * (band - 2);
          return <rect key={`${r}-${b}`} className={`run-${r}`} x={b * bar + 1} y={band * (r + 1) - tall} width={bar - 2} height={tall} />;
        }),
      )}
    </svg>
  );
}
