import { callJson, everyPage, usage, type Target } from './client.js';
import { table } from './output.js';

interface ApiKey {
  id: string;
  name: string;
  role: string;
  prefix: string;
  created_at: string;
  key?: string;
}

/** The project the key commands act on: `namespace/project`. */
function projectPath(project: string | undefined): string {
  const match = /^([a-z0-9][a-z0-9-]*)\/([a-z0-9][a-z0-9-]*)$/.exec(project ?? '');
  if (!match) throw usage('name the project as --project NAMESPACE/PROJECT (or save it with datashelf login --project)');
  return `/v1/namespaces/${match[1]}/projects/${match[2]}/api-keys`;
}

export async function listKeys(target: Target, project: string | undefined, json: boolean): Promise<string> {
  const all: ApiKey[] = [];
  for await (const k of everyPage<ApiKey>(target, projectPath(project))) all.push(k);
  if (json) return JSON.stringify(all, null, 2) + '\n';
  return table(
    ['ID', 'NAME', 'ROLE', 'PREFIX', 'CREATED'],
    all.map((k) => [k.id, k.name, k.role, k.prefix, k.created_at]),
  );
}

export async function createKey(
  target: Target,
  project: string | undefined,
  name: string | undefined,
  role: string | undefined,
  json: boolean,
) {
  if (!name) throw usage('name the key: datashelf keys create NAME [--role read|write|admin]');
  const key = await callJson<ApiKey>(target, projectPath(project), { method: 'POST', json: { name, ...(role && { role }) } });
  if (json) return JSON.stringify(key, null, 2) + '\n';
  return `created key "${key.name}" (${key.id}, ${key.role}); its secret, shown this once:\n${key.key}\n`;
}

export async function revokeKey(target: Target, project: string | undefined, id: string | undefined): Promise<string> {
  if (!id) throw usage('name the key to revoke by its id: datashelf keys revoke ID');
  await callJson(target, `${projectPath(project)}/${encodeURIComponent(id)}`, { method: 'DELETE' });
  return `revoked key ${id}\n`;
}
