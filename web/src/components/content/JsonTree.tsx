import type { ReactNode } from 'react';

const scalarClass = (v: unknown) => (v === null ? 'j-null' : `j-${typeof v}`);

function Scalar({ value }: { value: unknown }) {
  return <span className={scalarClass(value)}>{JSON.stringify(value)}</span>;
}

/** An object or array folded under its summary; open to `openDepth` levels. */
function Branch({ value, name, depth, openDepth }: { value: object; name?: ReactNode; depth: number; openDepth: number }) {
  const entries: (readonly [string, unknown])[] = Array.isArray(value)
    ? (value as unknown[]).map((v, i) => [String(i), v] as const)
    : Object.entries(value as Record<string, unknown>);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0)
    return (
      <span>
        {name}
        {open}
        {close}
      </span>
    );
  return (
    <details open={depth < openDepth} className="j-branch">
      <summary>
        {name}
        {open}
        <span className="j-count">
          {' '}
          {entries.length} {Array.isArray(value) ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'}{' '}
        </span>
      </summary>
      <ul className="j-list">
        {entries.map(([key, v]) => (
          <li key={key}>
            <Node
              value={v}
              depth={depth + 1}
              openDepth={openDepth}
              name={Array.isArray(value) ? undefined : <span className="j-key">{JSON.stringify(key)}: </span>}
            />
          </li>
        ))}
      </ul>
      {close}
    </details>
  );
}

function Node({ value, name, depth, openDepth }: { value: unknown; name?: ReactNode; depth: number; openDepth: number }) {
  if (typeof value === 'object' && value !== null) return <Branch value={value} name={name} depth={depth} openDepth={openDepth} />;
  return (
    <span>
      {name}
      <Scalar value={value} />
    </span>
  );
}

/** JSON as a tree: highlighted by type, every object and array foldable with the keyboard (details/summary). */
export function JsonTree({ value, openDepth = 2 }: { value: unknown; openDepth?: number }) {
  return (
    <div className="json-tree">
      <Node value={value} depth={0} openDepth={openDepth} />
    </div>
  );
}
