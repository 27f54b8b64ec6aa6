import { useState, type FormEvent } from 'react';
import { ScrollX } from '../components/ScrollX';
import { Link, useNavigate } from 'react-router';
import type { Dataset } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { count, when } from '../format';
import { useCursorList, useDebounced } from '../hooks';
import { useClient } from '../session';

function NewDataset() {
  const client = useClient();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const dataset = await client.datasets.create({ name, ...(description && { description }) });
      void navigate(`/datasets/${dataset.id}`);
    } catch (e) {
      setError(e);
    }
  };
  return (
    <details className="panel">
      <summary>New dataset</summary>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={256} />
        </label>
        <label>
          Description (markdown)
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={3} />
        </label>
        <button type="submit">Create</button>
        <ErrorNote error={error} action="Creating the dataset failed" />
      </form>
    </details>
  );
}

/** The project's datasets (and those shared with it): search, sort, filter, page. */
export function DatasetList() {
  const client = useClient();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState('newest');
  const [type, setType] = useState('');
  const [tag, setTag] = useState('');
  const [scope, setScope] = useState('project');
  const typed = { search: useDebounced(search), type: useDebounced(type), tag: useDebounced(tag) };
  const query = { search: typed.search || undefined, sort, type: typed.type || undefined, tag: typed.tag || undefined, scope };
  const list = useCursorList<Dataset>(
    (cursor) => client.page.datasets({ ...query, sort: sort as 'newest', scope: scope as 'project', cursor }),
    [typed.search, typed.type, typed.tag, sort, scope],
  );
  return (
    <>
      <div className="row spread">
        <h1>Datasets</h1>
        <Link to="/datasets/deleted">Deleted datasets</Link>
      </div>
      <NewDataset />
      <form className="filters" role="search" aria-label="Filter datasets" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search names
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <label>
          Type
          <input value={type} onChange={(e) => setType(e.target.value)} placeholder="custom, telemetry…" />
        </label>
        <label>
          Tag
          <input value={tag} onChange={(e) => setTag(e.target.value)} />
        </label>
        <label>
          Sort
          <select value={sort} onChange={(e) => setSort(e.target.value)}>
            <option value="newest">newest</option>
            <option value="oldest">oldest</option>
            <option value="updated">recently updated</option>
            <option value="name">name</option>
          </select>
        </label>
        <label>
          Show
          <select value={scope} onChange={(e) => setScope(e.target.value)}>
            <option value="project">this project's</option>
            <option value="shared">shared with me</option>
            <option value="all">both</option>
          </select>
        </label>
      </form>
      <ScrollX label="Datasets">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th className="num">Datapoints</th>
              <th className="num">Version</th>
              <th>Tags</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr key={d.id}>
                <td>
                  <Link to={`/datasets/${d.id}`}>{d.name}</Link>
                </td>
                <td>{d.type}</td>
                <td className="num">{count(d.datapoint_count)}</td>
                <td className="num">{d.head_version}</td>
                <td>{d.tags.join(', ')}</td>
                <td>{when(d.updated_at)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <MoreButton list={list} what="datasets" />
    </>
  );
}
