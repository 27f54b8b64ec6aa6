import { ConnectionError, DatashelfError, type ImportResult, type Problem } from '@datashelf/client';
import { datasetPath } from './api';
import { isGzip, type Format } from './preview';

const MEDIA_TYPES: Record<Format, string> = { jsonl: 'application/x-ndjson', csv: 'text/csv', parquet: 'application/vnd.apache.parquet' };

export interface Progress {
  sent: number;
  total: number;
  /** Bytes per second since the upload began. */
  rate: number;
}

/**
 * Streams a file to POST /imports. XMLHttpRequest, not fetch: only it reports how much of
 * the body has gone, which is what the progress bar shows (the server writes rows as they
 * arrive, so the upload is most of the work; what follows is the final commit).
 */
export function uploadFile(options: {
  key: string;
  datasetId: string;
  file: File;
  format: Format;
  query: Record<string, string | undefined>;
  onProgress: (p: Progress) => void;
  onSent: () => void;
}): Promise<ImportResult> {
  const { file, format } = options;
  const params = new URLSearchParams({ format });
  for (const [name, value] of Object.entries(options.query)) if (value) params.set(name, value);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${datasetPath(options.datasetId)}/imports?${params}`);
  xhr.setRequestHeader('authorization', `Bearer ${options.key}`);
  xhr.setRequestHeader('content-type', MEDIA_TYPES[format]);
  xhr.setRequestHeader('idempotency-key', crypto.randomUUID());
  if (isGzip(file) && format !== 'parquet') xhr.setRequestHeader('content-encoding', 'gzip');
  const started = performance.now();
  xhr.upload.onprogress = (e) => {
    const seconds = (performance.now() - started) / 1000;
    options.onProgress({ sent: e.loaded, total: e.total || file.size, rate: seconds > 0 ? e.loaded / seconds : 0 });
  };
  xhr.upload.onload = () => options.onSent();
  return new Promise((resolve, reject) => {
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) return resolve(JSON.parse(xhr.responseText) as ImportResult);
      let problem: Problem | undefined;
      try {
        problem = JSON.parse(xhr.responseText) as Problem;
      } catch {
        problem = undefined;
      }
      reject(new DatashelfError(xhr.status, problem, xhr.responseText));
    };
    xhr.onerror = () => reject(new ConnectionError(window.location.origin, 'the connection failed during the upload'));
    xhr.send(file);
  });
}
