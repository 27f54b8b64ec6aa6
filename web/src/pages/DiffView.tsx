import { Link, useSearchParams } from 'react-router';
import type { Change } from '@datashelf/client';
import { datasetPath, pageOf } from '../api';
import { asText } from '../components/JsonValue';
import { MoreButton } from '../components/MoreButton';
import { shortId } from '../format';
import { DATAPOINT_FIELDS } from '../fields';
import { useCursorList } from '../hooks';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** One change side by side: the fields it touched highlighted, the others folded away. */
function ChangeRow({ change }: { change: Change }) {
  const fields = DATAPOINT_FIELDS.filter((f) => change.change !== 'changed' || !same(change.before?.[f], change.after?.[f]));
  return (
    <article className={`change change-${change.change}`} aria-label={`${change.change} ${shortId(change.id)}`}>
      <h3>
        {change.change} <code>{shortId(change.id)}</code>
      </h3>
      <table className="diff">
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((f) => {
            const changed = !same(change.before?.[f], change.after?.[f]);
            return (
              <tr key={f} className={changed ? 'changed' : ''}>
                <th scope="row">
                  {f.replace(/_/g, ' ')}
                  {changed && <span className="sr-only"> (changed)</span>}
                </th>
                <td>
                  <pre>{change.before ? asText(change.before[f], true) : ''}</pre>
                </td>
                <td>
                  <pre>{change.after ? asText(change.after[f], true) : ''}</pre>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </article>
  );
}

/** The datapoints that differ between two versions (numbers or tags), paged. */
export function DiffView() {
  const client = useClient();
  const { dataset } = useDataset();
  const [params] = useSearchParams();
  const from = params.get('from') ?? String(Math.max(0, dataset.head_version - 1));
  const to = params.get('to') ?? String(dataset.head_version);
  const changes = useCursorList<Change>(
    (cursor) => pageOf(client, `${datasetPath(dataset.id)}/diff`, { from, to, cursor, limit: 50 }),
    [dataset.id, from, to],
  );
  return (
    <>
      <h2>
        Version {from} → version {to}
      </h2>
      <p>
        <Link to={`/datasets/${dataset.id}/versions`}>Back to versions</Link>
      </p>
      {changes.items.map((c) => (
        <ChangeRow key={c.id} change={c} />
      ))}
      <MoreButton list={changes} what="changes" />
    </>
  );
}
