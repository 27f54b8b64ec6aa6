import { ConnectionError, DatashelfError, type Datashelf, type ImportOptions, type ImportResult, type Problem } from '@datashelf/client';
import { isGzip, type Format } from './preview';

export interface Progress {
  sent: number;
  total: number;
  /** Bytes per second since the upload began. */
  rate: number;
}

/**
 * Streams a file to the dataset's imports. The client names the request; XMLHttpRequest
 * sends it, not fetch: only it reports how much of the body has gone, which is what the
 * progress bar shows (the server writes rows as they arrive, so the upload is most of the
 * work; what follows is the final commit).
 */
export function uploadFile(options: {
  client: Datashelf;
  datasetId: string;
  file: File;
  format: Format;
  query: Omit<ImportOptions, 'format'>;
  onProgress: (p: Progress) => void;
  onSent: () => void;
}): Promise<ImportResult> {
  const { file, format } = options;
  const compressed = isGzip(file) && format !== 'parquet';
  const request = options.client.importRequest(options.datasetId, {
    ...options.query,
    format,
    ...(compressed && { contentEncoding: 'gzip' }),
  });
  const xhr = new XMLHttpRequest();
  xhr.open(request.method, request.url);
  for (const [name, value] of Object.entries(request.headers)) xhr.setRequestHeader(name, value);
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
