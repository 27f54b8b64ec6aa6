import type { TimeUnit } from './table-schema.js';

const NANOS_PER: Record<TimeUnit, bigint> = { MILLIS: 1_000_000n, MICROS: 1_000n, NANOS: 1n };
const NANOS_PER_MILLI = 1_000_000n;

/**
 * A Parquet timestamp as ISO 8601 text in UTC, to the millisecond as JavaScript writes
 * dates, with the microseconds or nanoseconds after them when the value has any: a
 * datapoint keeps every digit the file had. Null when JavaScript's dates cannot show it.
 */
export function isoOfTimestamp(value: bigint, unit: TimeUnit): string | null {
  const nanos = value * NANOS_PER[unit];
  let millis = nanos / NANOS_PER_MILLI;
  // Division truncates toward zero; the milliseconds are floored so the digits after them count up from there.
  if (nanos < millis * NANOS_PER_MILLI) millis -= 1n;
  const date = new Date(Number(millis));
  if (Number.isNaN(date.getTime())) return null;
  const rest = nanos - millis * NANOS_PER_MILLI;
  const iso = date.toISOString();
  if (rest === 0n) return iso;
  const digits = rest.toString().padStart(6, '0');
  return `${iso.slice(0, -1)}${digits.endsWith('000') ? digits.slice(0, 3) : digits}Z`;
}

const ISO = /^([+-]\d{6}|\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z$/;

/** ISO 8601 text in UTC (as isoOfTimestamp writes it) as a timestamp in `unit`; null when it is not such text, or holds digits finer than the unit. */
export function timestampOfIso(text: string, unit: TimeUnit): bigint | null {
  const match = ISO.exec(text);
  if (!match) return null;
  const [, year, month, day, hours, minutes, secs, fraction = ''] = match;
  const whole = `${year}-${month}-${day}T${hours}:${minutes}:${secs}`;
  const seconds = Date.parse(`${whole}Z`);
  // Date.parse rolls a 30 February over into March: only a time that reads back the same is one.
  if (Number.isNaN(seconds) || new Date(seconds).toISOString().slice(0, -5) !== whole) return null;
  const nanos = BigInt(seconds) * NANOS_PER_MILLI + BigInt(fraction.padEnd(9, '0'));
  return nanos % NANOS_PER[unit] === 0n ? nanos / NANOS_PER[unit] : null;
}

const DAY_MILLIS = 86_400_000;

/** A Parquet DATE (days since 1970-01-01) as a datapoint holds it: midnight UTC in ISO text, as JavaScript writes a date. */
export function daysOfIso(text: string): number | null {
  if (!/^([+-]\d{6}|\d{4})-\d\d-\d\dT00:00:00\.000Z$/.test(text)) return null;
  const millis = Date.parse(text);
  return Number.isNaN(millis) || new Date(millis).toISOString() !== text ? null : millis / DAY_MILLIS;
}
