import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { formatBytes, type ImportResult } from '@datashelf/client';
import { ErrorNote } from '../components/ErrorNote';
import { useCatalogue } from '../catalogue';
import { count } from '../format';
import { formatOf, previewFile, type Format, type Preview } from '../preview';
import { useClient } from '../session';
import { uploadFile, type Progress } from '../upload';
import { useDataset } from './DatasetPage';
import { guessTarget, MappingTable, mappingOf, type Target } from './MappingTable';

const FORMAT_NAMES: Record<Format, string> = { jsonl: 'JSON lines', csv: 'CSV', parquet: 'Parquet' };
const MODES = [
  ['add', 'Add the rows as new datapoints'],
  ['replace', 'Replace the dataset with the file'],
  ['upsert', 'Upsert: update rows matched by id or external id, add the others'],
  ['sync', 'Sync: upsert, and delete datapoints the file does not name'],
] as const;

function ProgressView({ progress, phase }: { progress: Progress; phase: 'upload' | 'commit' }) {
  const left = progress.rate > 0 ? Math.round((progress.total - progress.sent) / progress.rate) : null;
  return (
    <div className="progress" role="status" aria-live="polite">
      <label>
        {phase === 'upload' ? 'Uploading and writing rows' : 'Committing the version'}
        <progress max={progress.total} value={phase === 'upload' ? progress.sent : undefined} />
      </label>
      <p>
        {phase === 'upload'
          ? `${formatBytes(progress.sent)} of ${formatBytes(progress.total)} · ${formatBytes(progress.rate)}/s${left !== null ? ` · about ${left} s left` : ''}`
          : 'Every byte is sent; the server is finishing the version.'}
      </p>
    </div>
  );
}

/** Upload a JSON lines, CSV or Parquet file: preview it, map its columns, choose how it lands, watch it go. */
export function Upload() {
  const client = useClient();
  const { datapointFields, mappableFields } = useCatalogue();
  const { dataset, reload } = useDataset();
  const outcome = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File>();
  const [format, setFormat] = useState<Format>('jsonl');
  const [preview, setPreview] = useState<Preview>();
  const [mapped, setMapped] = useState(false);
  const [choices, setChoices] = useState<Record<string, Target>>({});
  const [separator, setSeparator] = useState('');
  const [mode, setMode] = useState('add');
  const [message, setMessage] = useState('');
  const [progress, setProgress] = useState<Progress>();
  const [phase, setPhase] = useState<'upload' | 'commit'>();
  const [result, setResult] = useState<ImportResult>();
  const [error, setError] = useState<unknown>();
  const [unreadable, setUnreadable] = useState<unknown>();
  // The outcome is what the reader waits for: bring it into view when it lands.
  useEffect(() => {
    if (result || error) outcome.current?.scrollIntoView({ block: 'nearest' });
  }, [result, error]);

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const picked = event.target.files?.[0];
    setPreview(undefined);
    setResult(undefined);
    setError(undefined);
    setUnreadable(undefined);
    setFile(picked);
    if (!picked) return;
    const detected = formatOf(picked.name) ?? 'jsonl';
    setFormat(detected);
    await previewAs(picked, detected);
  };

  const previewAs = async (picked: File, as: Format) => {
    setPreview(undefined);
    setUnreadable(undefined);
    try {
      const p = await previewFile(picked, as);
      setPreview(p);
      setChoices(Object.fromEntries(p.columns.map((c) => [c, guessTarget(c, mappableFields)])));
      // A file of datashelf's own fields (an export, or hand-written) needs no mapping.
      setMapped(!p.columns.every((c) => datapointFields.includes(c)));
    } catch (e) {
      setUnreadable(e);
    }
  };

  const start = async () => {
    if (!file) return;
    setError(undefined);
    setResult(undefined);
    setPhase('upload');
    try {
      const imported = await uploadFile({
        client,
        datasetId: dataset.id,
        file,
        format,
        query: {
          mode: mode as 'add',
          message: message || undefined,
          mapping: mapped ? JSON.stringify(mappingOf(choices, separator)) : undefined,
        },
        onProgress: setProgress,
        onSent: () => setPhase('commit'),
      });
      setResult(imported);
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setPhase(undefined);
    }
  };

  return (
    <div className="stack">
      <label>
        File (JSON lines, CSV or Parquet; .gz too)
        <input type="file" accept=".jsonl,.ndjson,.json,.csv,.parquet,.gz" onChange={(e) => void choose(e)} />
      </label>
      {file && (
        <p className="muted">
          {file.name} · {formatBytes(file.size)}
        </p>
      )}
      {unreadable !== undefined && (
        <div className="error" role="alert">
          <strong>This file could not be read as {FORMAT_NAMES[format]}.</strong>
          <p>{unreadable instanceof Error ? unreadable.message : JSON.stringify(unreadable)}</p>
          <p>Pick the format it is in below, or another file. Nothing was sent.</p>
        </div>
      )}
      {file && (
        <label>
          Format
          <select
            value={format}
            onChange={(e) => {
              setFormat(e.target.value as Format);
              void previewAs(file, e.target.value as Format);
            }}
          >
            {Object.entries(FORMAT_NAMES).map(([value, name]) => (
              <option key={value} value={value}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {preview && (
        <section aria-labelledby="preview-h">
          <h2 id="preview-h">First rows{preview.total !== null ? ` of ${count(preview.total)}` : ''}</h2>
          <label className="check">
            <input type="checkbox" checked={mapped} onChange={(e) => setMapped(e.target.checked)} /> Map columns to fields (else the file's
            names are datapoint fields)
          </label>
          {mapped && (
            <label>
              Split tags on
              <input value={separator} onChange={(e) => setSeparator(e.target.value)} size={3} placeholder="|" />
            </label>
          )}
          <MappingTable preview={preview} choices={choices} onChoose={(c, t) => setChoices({ ...choices, [c]: t })} />
        </section>
      )}
      {file && (
        <fieldset>
          <legend>How the rows land</legend>
          {MODES.map(([value, label]) => (
            <label key={value} className="check">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} /> {label}
            </label>
          ))}
          <label>
            Message
            <input value={message} onChange={(e) => setMessage(e.target.value)} maxLength={1000} />
          </label>
          <button type="button" onClick={() => void start()} disabled={phase !== undefined}>
            Import
          </button>
        </fieldset>
      )}
      <div ref={outcome} className="stack">
        {phase && progress && <ProgressView progress={progress} phase={phase} />}
        {result && (
          <p className="notice" role="status">
            {result.created
              ? `Version ${result.version}: ${count(result.added)} added, ${count(result.updated)} updated, ${count(result.deleted)} deleted, ${count(result.unchanged)} unchanged (${count(result.rows)} rows read).`
              : `Nothing changed: all ${count(result.rows)} rows are already in version ${result.version}.`}
          </p>
        )}
        <ErrorNote error={error} action="The import failed; nothing was stored" />
      </div>
    </div>
  );
}
