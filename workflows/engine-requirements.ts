/**
 * The predicate language of `requires` and `lockedRows`: small, pure, JSON data, so a
 * workflow declaration stays data and a reader can check it without running anything.
 */
import type { FormData, FormIssue, Text } from '../forms/language.js';
import type { Requirement, ValueTest } from './language.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The value at a dot-joined path, reading own properties only (`__proto__` is just a missing key). */
export function valueAt(data: unknown, path: string): unknown {
  let current: unknown = data;
  for (const segment of path.split('.')) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** Missing, null, blank text and an empty list are not filled; `false` and `0` are answers. */
export function isFilled(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim().length > 0;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

export function passes(value: unknown, test: ValueTest): boolean {
  if (test === 'filled') return isFilled(value);
  if (test === 'empty') return !isFilled(value);
  if ('equals' in test) return value === test.equals;
  if ('notEquals' in test) return value !== test.notEquals;
  return test.in.includes(value as never);
}

/** The rows of a repeating group; anything else counts as no rows. */
export function rowsOf(data: unknown, group: string): unknown[] {
  const rows = valueAt(data, group);
  return Array.isArray(rows) ? rows : [];
}

const DEFAULT_MESSAGES = {
  filled: { zh: '办理此操作前请填写此项', en: 'Fill this in before taking this action' },
  rowsAtLeast: (n: number): Text => ({ zh: `此操作至少需要 ${n} 行`, en: `This action needs at least ${n} row(s)` }),
  rowsAtMost: (n: number): Text => ({ zh: `此操作最多允许 ${n} 行`, en: `This action allows at most ${n} row(s)` }),
  everyRow: { zh: '此行不符合办理条件', en: 'This row does not meet the condition for this action' },
};

/** One issue per failing requirement (per failing row for `everyRow`), in declaration order. */
export function unmetRequirements(requirements: readonly Requirement[], data: FormData): FormIssue[] {
  const issues: FormIssue[] = [];
  for (const r of requirements) {
    if ('filled' in r) {
      if (!isFilled(valueAt(data, r.filled))) issues.push({ path: r.filled, message: r.message ?? DEFAULT_MESSAGES.filled });
    } else if ('rowsAtLeast' in r) {
      const [group, n] = r.rowsAtLeast;
      if (rowsOf(data, group).length < n) issues.push({ path: group, message: r.message ?? DEFAULT_MESSAGES.rowsAtLeast(n) });
    } else if ('rowsAtMost' in r) {
      const [group, n] = r.rowsAtMost;
      if (rowsOf(data, group).length > n) issues.push({ path: group, message: r.message ?? DEFAULT_MESSAGES.rowsAtMost(n) });
    } else {
      const [group, field, test] = r.everyRow;
      rowsOf(data, group).forEach((row, i) => {
        if (r.where && !passes(valueAt(row, r.where[0]), r.where[1])) return;
        if (!passes(valueAt(row, field), test)) {
          issues.push({ path: `${group}.${i}.${field}`, message: r.message ?? DEFAULT_MESSAGES.everyRow });
        }
      });
    }
  }
  return issues;
}
