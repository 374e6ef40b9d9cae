/**
 * Workflows speak the forms' condition language (forms/language-expressions.ts): a condition
 * holds when the forms' evaluator decides it true. Here: where a workflow's condition runs
 * (the data with its computed values, or one row of a group, with the workflow's parameters)
 * and what it reads, for the checks.
 */
import { conditionHolds, type Data } from '../forms/expressions.js';
import type { Condition, Expr } from '../forms/language.js';
import type { WorkflowDeclaration } from './language.js';

/** The numbers a workflow declares, by name, as `{ param }` reads them. */
export function paramsOf(workflow: Pick<WorkflowDeclaration, 'params'>): Record<string, number> {
  return Object.fromEntries(Object.entries(workflow.params ?? {}).map(([name, p]) => [name, p.value]));
}

/** Does `cond` hold on `data` (a record, or one row)? Undecided is not holding. */
export function holds(cond: Condition, data: unknown, params: Readonly<Record<string, number>>): boolean {
  const record = typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Data) : {};
  return conditionHolds(cond, record, params);
}

/**
 * One thing a condition reads: a field path of the record it runs on, a group it counts or
 * sums (with the column summed), a parameter. `row` names the group whose row a read is
 * made in (inside a `where` of `rows` or `sumRows`).
 */
export type Read =
  | { kind: 'field'; path: string; row?: string }
  | { kind: 'group'; group: string; column?: string; row?: string }
  | { kind: 'param'; name: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function exprReads(expr: Expr, row: string | undefined, out: Read[]): void {
  if (!isObject(expr)) return;
  const e = expr as Record<string, unknown>;
  const sub = (x: unknown) => exprReads(x as Expr, row, out);
  if ('field' in e) out.push({ kind: 'field', path: String(e.field), ...(row ? { row } : {}) });
  else if ('param' in e) out.push({ kind: 'param', name: String(e.param) });
  else if ('rows' in e) {
    out.push({ kind: 'group', group: String(e.rows), ...(row ? { row } : {}) });
    if (e.where) conditionReadsInto(e.where as Condition, String(e.rows), out);
  } else if ('sumRows' in e && isObject(e.sumRows)) {
    const { group, column, where } = e.sumRows;
    out.push({ kind: 'group', group: String(group), column: String(column), ...(row ? { row } : {}) });
    if (where) conditionReadsInto(where as Condition, String(group), out);
  } else if ('if' in e) {
    conditionReadsInto(e.if as Condition, row, out);
    sub(e.then);
    sub(e.else);
  } else if ('test' in e) conditionReadsInto(e.test as Condition, row, out);
  else if ('bands' in e) sub(e.bands);
  else for (const value of Object.values(e)) (Array.isArray(value) ? value : [value]).forEach(sub);
}

function conditionReadsInto(cond: Condition, row: string | undefined, out: Read[]): void {
  if (!isObject(cond)) return;
  const c = cond as Record<string, unknown>;
  if (Array.isArray(c.all) || Array.isArray(c.any)) for (const x of (c.all ?? c.any) as Condition[]) conditionReadsInto(x, row, out);
  else if ('not' in c) conditionReadsInto(c.not as Condition, row, out);
  else if ('expr' in c && isObject(c.expr)) for (const operands of Object.values(c.expr)) (operands as Expr[]).forEach((x) => exprReads(x, row, out));
  else if ('field' in c) out.push({ kind: 'field', path: String(c.field), ...(row ? { row } : {}) });
}

/** Everything a condition reads, in reading order. */
export function conditionReads(cond: Condition): Read[] {
  const out: Read[] = [];
  conditionReadsInto(cond, undefined, out);
  return out;
}

/** The first path a condition reads on the record it runs on: where a failing requirement is reported by default. */
export function firstPath(cond: Condition): string | undefined {
  for (const read of conditionReads(cond)) {
    if (read.kind === 'field' && !read.row) return read.path;
    if (read.kind === 'group' && !read.row) return read.group;
  }
  return undefined;
}
