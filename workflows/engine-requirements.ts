/**
 * Requirements: the conditions an action's data must meet, written in the forms' condition
 * language and decided by the forms' evaluator. A requirement is met only when its condition
 * holds; one still undecided (an operand empty) is not met.
 */
import { lookup } from '../forms/expressions.js';
import type { FormData, FormIssue, Text } from '../forms/language.js';
import { firstPath, holds } from './conditions.js';
import type { Requirement } from './language.js';

const DEFAULT_MESSAGE: Text = { zh: '尚不满足办理此操作的条件', en: 'This does not yet meet the condition for this action' };

/** The rows of a repeating group; anything else counts as no rows. */
const rowsAt = (data: unknown, group: string): unknown[] => {
  const rows = lookup(data, group);
  return Array.isArray(rows) ? rows : [];
};

/**
 * One issue per unmet requirement (per failing row for `each`), in declaration order.
 * `view` is the data with the form's computed values; rows are read from it too.
 */
export function unmetRequirements(
  requirements: readonly Requirement[],
  view: FormData,
  params: Readonly<Record<string, number>> = {},
): FormIssue[] {
  const issues: FormIssue[] = [];
  for (const r of requirements) {
    const message = r.message ?? DEFAULT_MESSAGE;
    if ('each' in r) {
      const column = r.path ?? firstPath(r.that);
      rowsAt(view, r.each).forEach((row, i) => {
        if (r.where && !holds(r.where, row, params)) return;
        if (!holds(r.that, row, params)) issues.push({ path: column ? `${r.each}.${i}.${column}` : `${r.each}.${i}`, message });
      });
    } else if (!holds(r.that, view, params)) {
      issues.push({ path: r.path ?? firstPath(r.that) ?? '', message });
    }
  }
  return issues;
}
