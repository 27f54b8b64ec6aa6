import { useState } from 'react';
import { datapointName, type Named } from '../names';

/** A datapoint by the name people know it by; its id on hover, and a button that copies it. */
export function DatapointName({ datapoint, copy = false }: { datapoint: Named; copy?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <>
      <span className="dp-name" title={datapoint.id ? `id ${datapoint.id}` : undefined}>
        {datapointName(datapoint)}
      </span>
      {copy && datapoint.id && (
        <button
          type="button"
          className="link small"
          onClick={() => void navigator.clipboard.writeText(datapoint.id!).then(() => setCopied(true))}
        >
          {copied ? 'id copied' : 'Copy id'}
        </button>
      )}
    </>
  );
}
