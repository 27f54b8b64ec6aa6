const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface PathChange {
  /** Where in the value: `metadata.source`, `messages[2].content`; empty for the value itself. */
  path: string;
  before: unknown;
  after: unknown;
}

const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** The leaves that differ between two JSON values, by path: a nested change reads as the one key that changed. */
export function changedPaths(before: unknown, after: unknown, path = ''): PathChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => changedPaths(before[k], after[k], join(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => changedPaths(before[i], after[i], join(path, i))).flat();
  }
  return [{ path, before, after }];
}
