import { useState, type FormEvent } from 'react';
import type { ApiKey, ApiKeyCreated, Namespace, Project } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { MoreButton } from '../components/MoreButton';
import { when } from '../format';
import { useCursorList } from '../hooks';
import { useClient } from '../session';

/** A one-field create form: slug and name, for namespaces and projects. */
function SlugForm({ what, onCreate }: { what: string; onCreate: (slug: string, name: string) => Promise<void> }) {
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await onCreate(slug, name || slug);
      setSlug('');
      setName('');
    } catch (e) {
      setError(e);
    }
  };
  return (
    <form className="inline" onSubmit={(e) => void submit(e)} aria-label={`New ${what}`}>
      <label>
        {what} slug
        <input value={slug} onChange={(e) => setSlug(e.target.value)} pattern="[a-z0-9][a-z0-9-]{0,62}" required />
      </label>
      <label>
        Name
        <input value={name} onChange={(e) => setName(e.target.value)} />
      </label>
      <button type="submit">Create {what}</button>
      <ErrorNote error={error} action={`Creating the ${what} failed`} />
    </form>
  );
}

function Keys({ ns, project }: { ns: string; project: string }) {
  const client = useClient();
  const keys = useCursorList<ApiKey>((cursor) => client.page.keys(ns, project, { cursor }), [ns, project]);
  const [name, setName] = useState('');
  const [role, setRole] = useState('write');
  const [created, setCreated] = useState<ApiKeyCreated>();
  const [error, setError] = useState<unknown>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      setCreated(await client.keys.create(ns, project, { name, role: role as 'read' | 'write' | 'admin' }));
      setName('');
      keys.reload();
    } catch (e) {
      setError(e);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (!window.confirm(`Revoke the key "${key.name}"? It stops working at once.`)) return;
    try {
      await client.keys.revoke(ns, project, key.id);
      keys.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <section aria-labelledby="keys-h">
      <h3 id="keys-h">
        Keys of {ns} / {project}
      </h3>
      <form className="inline" onSubmit={(e) => void create(e)} aria-label="New key">
        <label>
          Key name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value)}>
            <option value="read">read</option>
            <option value="write">write</option>
            <option value="admin">admin</option>
          </select>
        </label>
        <button type="submit">Create key</button>
      </form>
      <ErrorNote error={error} />
      {created && (
        <div className="notice" role="status">
          <p>
            The key <strong>{created.name}</strong>, shown this once only:
          </p>
          <code className="secret">{created.key}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy
          </button>
        </div>
      )}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Role</th>
            <th>Prefix</th>
            <th>Created</th>
            <th>
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.items.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>{k.role}</td>
              <td>
                <code>{k.prefix}</code>
              </td>
              <td>{when(k.created_at)}</td>
              <td>
                <button type="button" onClick={() => void revoke(k)} aria-label={`Revoke ${k.name}`}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <MoreButton list={keys} what="keys" />
    </section>
  );
}

/** The instance admin's view: namespaces, their projects, and each project's keys. */
export function Admin() {
  const client = useClient();
  const [ns, setNs] = useState<string>();
  const [project, setProject] = useState<string>();
  const namespaces = useCursorList<Namespace>((cursor) => client.page.namespaces({ cursor }), []);
  const projects = useCursorList<Project>(
    (cursor) => (ns ? client.page.projects(ns, { cursor }) : Promise.resolve({ data: [], next_cursor: null })),
    [ns],
  );
  return (
    <div className="columns">
      <section aria-labelledby="ns-h">
        <h1 id="ns-h">Namespaces</h1>
        <SlugForm
          what="namespace"
          onCreate={async (slug, name) => {
            await client.tenancy.createNamespace({ slug, name });
            namespaces.reload();
          }}
        />
        <ul className="picks">
          {namespaces.items.map((n) => (
            <li key={n.id}>
              <button type="button" aria-pressed={ns === n.slug} onClick={() => (setNs(n.slug), setProject(undefined))}>
                {n.name} <span className="muted">({n.slug})</span>
              </button>
            </li>
          ))}
        </ul>
        <MoreButton list={namespaces} what="namespaces" />
      </section>
      {ns && (
        <section aria-labelledby="pr-h">
          <h2 id="pr-h">Projects of {ns}</h2>
          <SlugForm
            what="project"
            onCreate={async (slug, name) => {
              await client.tenancy.createProject(ns, { slug, name });
              projects.reload();
            }}
          />
          <ul className="picks">
            {projects.items.map((p) => (
              <li key={p.id}>
                <button type="button" aria-pressed={project === p.slug} onClick={() => setProject(p.slug)}>
                  {p.name} <span className="muted">({p.slug})</span>
                </button>
              </li>
            ))}
          </ul>
          <MoreButton list={projects} what="projects" />
        </section>
      )}
      {ns && project && <Keys ns={ns} project={project} />}
    </div>
  );
}
