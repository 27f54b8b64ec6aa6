import { NavLink, Outlet, useOutletContext, useParams } from 'react-router';
import type { Dataset } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { count } from '../format';
import { useLoad } from '../hooks';
import { useClient } from '../session';

export interface DatasetContext {
  dataset: Dataset;
  /** Reads the dataset again (after a commit, an import, an edit). */
  reload: () => void;
}

/** The dataset a page under /datasets/:id is about. */
export const useDataset = () => useOutletContext<DatasetContext>();

const TABS = [
  ['', 'Overview'],
  ['datapoints', 'Datapoints'],
  ['versions', 'Versions'],
  ['files', 'Files'],
  ['upload', 'Upload'],
  ['export', 'Export'],
  ['runs', 'Runs'],
] as const;

/** One dataset: its name and counts, and its tabs. */
export function DatasetPage() {
  const { id = '' } = useParams();
  const client = useClient();
  const loaded = useLoad(() => client.datasets.get(id), [id]);
  if (loaded.error) return <ErrorNote error={loaded.error} action="Loading the dataset failed" />;
  const dataset = loaded.data;
  if (!dataset) return <p aria-live="polite">Loading…</p>;
  return (
    <>
      <header className="dataset-head">
        <h1>{dataset.name}</h1>
        <p className="muted">
          {dataset.type} · {count(dataset.datapoint_count)} datapoints · version {dataset.head_version}
          {dataset.path && (
            <>
              {' '}
              · path <code>{dataset.path}</code>
            </>
          )}
        </p>
      </header>
      <nav className="tabs" aria-label="Dataset">
        {TABS.map(([path, label]) => (
          <NavLink key={path} to={path ? `/datasets/${id}/${path}` : `/datasets/${id}`} end>
            {label}
          </NavLink>
        ))}
      </nav>
      <Outlet context={{ dataset, reload: loaded.reload } satisfies DatasetContext} />
    </>
  );
}
