/**
 * A declaration's example is JSON data, but a valid example depends on the day (a meeting
 * "after today", a deadline): `{ "$today": n }` stands for the date n days after today.
 */
import type { ExampleData, FormData } from './language.js';
import { addDays } from './validators.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isTodayMarker(v: Record<string, unknown>): v is { $today: number } {
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === '$today' && Number.isInteger(v.$today);
}

function resolve(value: unknown, today: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolve(v, today));
  if (!isRecord(value)) return value;
  if (isTodayMarker(value)) return addDays(today, value.$today);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, today)]));
}

/**
 * The example for `today` (YYYY-MM-DD, Asia/Shanghai), a fresh copy each call. Throws a
 * RangeError when `today` is not a date and the example has dates to place.
 */
export function resolveExample(example: ExampleData, today: string): FormData {
  return resolve(example, today) as FormData;
}
