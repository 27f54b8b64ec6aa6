import { useSearchParams } from 'react-router';
import { RunItemsView } from '../components/RunItemsView';

/** Two or more runs of one version, side by side item by item (`?run=…&run=…`, the first is the base). */
export function RunCompare() {
  const [params] = useSearchParams();
  // The older form `?base=&head=` still opens.
  const runs = params.getAll('run').length
    ? params.getAll('run')
    : [params.get('base'), params.get('head')].filter((r): r is string => !!r);
  return (
    <>
      <h1>Comparing {runs.length} runs</h1>
      <RunItemsView runIds={runs} />
    </>
  );
}
