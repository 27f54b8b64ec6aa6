import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatBytes, type FileEntry } from '@datashelf/client';
import { FilePreview } from '../components/content/FilePreview';
import { fileLink, previewOf } from '../components/content/attachments';
import { MoreButton } from '../components/MoreButton';
import { ScrollX } from '../components/ScrollX';
import { useCursorList, useDebounced } from '../hooks';
import { useClient } from '../session';
import { useDataset } from './DatasetPage';

/**
 * A version's files (a LeRobot tree, a repository's files): path, size, media type and a
 * download link, in path order, narrowed by a path prefix. A file is shown in place when
 * chosen: an image, audio, video or PDF by the same views as a datapoint's attachments, a
 * Parquet file as its first rows, a JSON, JSON lines, Markdown or text file as its start.
 */
export function Files() {
  const client = useClient();
  const { dataset } = useDataset();
  const [params, setParams] = useSearchParams();
  const version = params.get('version') ?? '';
  const prefix = useDebounced(params.get('prefix') ?? '');
  const [shown, setShown] = useState<FileEntry>();
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  const files = useCursorList<FileEntry>(
    (cursor) => client.page.files(dataset.id, { version: version || undefined, prefix: prefix || undefined, cursor, limit: 200 }),
    [dataset.id, dataset.head_version, version, prefix],
  );
  return (
    <>
      <form className="filters" aria-label="Which files" onSubmit={(e) => e.preventDefault()}>
        <label>
          Version
          <input
            value={version}
            onChange={(e) => set('version', e.target.value.trim())}
            placeholder={`head (${dataset.head_version})`}
            size={10}
          />
        </label>
        <label>
          Path starts with
          <input value={params.get('prefix') ?? ''} onChange={(e) => set('prefix', e.target.value)} placeholder="videos/" size={24} />
        </label>
      </form>
      {shown && (
        <section className="panel" aria-label="Preview">
          <FilePreview file={shown} />
          <button type="button" className="link" onClick={() => setShown(undefined)}>
            Close the preview
          </button>
        </section>
      )}
      <ScrollX label="Files">
        <table>
          <thead>
            <tr>
              <th scope="col">Path</th>
              <th scope="col">Size</th>
              <th scope="col">Type</th>
              <th scope="col">Download</th>
            </tr>
          </thead>
          <tbody>
            {files.items.map((f) => (
              <tr key={f.path}>
                <td>
                  {previewOf(f) === null ? (
                    <code>{f.path}</code>
                  ) : (
                    <button type="button" className="link" onClick={() => setShown(f)} aria-label={`Preview ${f.path}`}>
                      <code>{f.path}</code>
                    </button>
                  )}
                </td>
                <td>{formatBytes(f.size)}</td>
                <td>{f.mime_type}</td>
                <td>
                  <a href={f.url} download={fileLink(f).filename ?? undefined} aria-label={`Download ${f.path}`}>
                    download
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollX>
      <MoreButton list={files} what="files" />
    </>
  );
}
