const NUMBER = new Intl.NumberFormat('en');

export const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : NUMBER.format(n));

/** A timestamp in the reader's locale, to the minute. */
export const when = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '—';

/** Text as shown: strings as themselves, anything else as JSON. */
export function asText(value: unknown, pretty = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, pretty ? 2 : undefined);
}

export const shortId = (id: string | null | undefined) => (id ? id.slice(0, 8) : '—');
