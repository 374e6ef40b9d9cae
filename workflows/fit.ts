/**
 * Does a workflow fit a form version? Every path its steps edit, lock, require or route on
 * must name a field of the form, every kind of field it edits by kind must be one the form
 * has, and its conditions must compare like with like (a number field with a number, a
 * choice with one of its options). Checked for the declared pairs by a test, and again when
 * an admin publishes a new form version, so a version can never strand a workflow step on a
 * field that is gone or has changed its type.
 */
import { partsOf } from '../forms/field-parts.js';
import type { ComputedFormat, Condition, Expr, FieldDecl, Scalar } from '../forms/language.js';
import { fieldsOfKind } from './engine-edits.js';
import { routesOf, type WorkflowDeclaration } from './language.js';

/** What the check reads of a form version: its fields and its computed values. */
export type FitForm = {
  sections: readonly { fields: readonly FieldDecl[] }[];
  computed?: readonly { key: string; format?: ComputedFormat }[];
};

type ValueType = 'number' | 'string' | 'boolean' | 'list' | 'object' | 'unknown';

/** The field a path names (`findings.*.answer` in a pattern, `findings.0.answer` in a condition); a list's row is the list field. */
function fieldAt(fields: readonly FieldDecl[], segments: string[], isRow: (s: string) => boolean): FieldDecl | undefined {
  const field = fields.find((f) => f.key === segments[0]);
  if (!field || segments.length === 1) return field;
  const parts = partsOf(field);
  if (!parts) return undefined;
  const rest = segments.slice(1);
  if (!parts.list) return fieldAt(parts.fields, rest, isRow);
  if (!isRow(rest[0])) return undefined;
  return rest.length === 1 ? field : fieldAt(parts.fields, rest.slice(1), isRow);
}

const isStar = (s: string) => s === '*';
const isIndex = (s: string) => /^\d+$/.test(s);

function typeOfField(field: FieldDecl): ValueType {
  switch (field.type) {
    case 'integer':
    case 'money':
      return 'number';
    case 'flag':
    case 'declaration':
      return 'boolean';
    case 'group':
    case 'attachment':
      return 'list';
    case 'score':
      return 'object';
    default:
      return 'string';
  }
}

const FORMAT_TYPES: Record<ComputedFormat, ValueType> = { integer: 'number', money: 'number', percent: 'number', text: 'string', flag: 'boolean' };
const typeOfScalar = (v: Scalar | null): ValueType => (v === null ? 'unknown' : (typeof v as ValueType));

/** Where a condition runs: the record's fields and computed values, or one group's columns. */
type Names = { fields: readonly FieldDecl[]; computed: ReadonlyMap<string, ValueType>; at: string; problems: string[] };

function pathType(path: string, names: Names): ValueType | undefined {
  if (names.computed.has(path)) return names.computed.get(path);
  const field = fieldAt(names.fields, path.split('.'), isIndex);
  if (!field) {
    names.problems.push(`${names.at} reads ${path}, which the form does not declare`);
    return undefined;
  }
  return typeOfField(field);
}

function groupOf(group: string, names: Names): FieldDecl | undefined {
  const field = fieldAt(names.fields, group.split('.'), isIndex);
  if (field?.type === 'group') return field;
  names.problems.push(`${names.at} counts rows of ${group}, which is not a repeating group of the form`);
  return undefined;
}

const inRow = (group: FieldDecl & { type: 'group' }, names: Names): Names => ({
  ...names,
  fields: group.fields,
  computed: new Map(),
  at: `${names.at} (in a row of ${group.key})`,
});

function numeric(expr: Expr, names: Names): void {
  const t = exprType(expr, names);
  if (t !== 'number' && t !== 'unknown') names.problems.push(`${names.at} does arithmetic on ${JSON.stringify(expr)}, which is not a number`);
}

function exprType(expr: Expr, names: Names): ValueType {
  if (expr === null || typeof expr !== 'object') return typeOfScalar(expr);
  if ('field' in expr) return pathType(expr.field, names) ?? 'unknown';
  if ('param' in expr) return 'number';
  if ('add' in expr || 'mul' in expr || 'min' in expr || 'max' in expr || 'sub' in expr || 'div' in expr) {
    const operands = Object.values(expr)[0] as Expr[];
    for (const e of operands) numeric(e, names);
    return 'number';
  }
  if ('floor' in expr || 'ceil' in expr) {
    numeric(Object.values(expr)[0] as Expr, names);
    return 'number';
  }
  if ('rows' in expr) {
    const group = groupOf(expr.rows, names);
    if (group?.type === 'group' && expr.where) checkCondition(expr.where, inRow(group, names));
    return 'number';
  }
  if ('sumRows' in expr) {
    const group = groupOf(expr.sumRows.group, names);
    if (group?.type === 'group') {
      const row = inRow(group, names);
      if (pathType(expr.sumRows.column, row) === 'string') names.problems.push(`${names.at} sums ${expr.sumRows.column}, which is not a number`);
      if (expr.sumRows.where) checkCondition(expr.sumRows.where, row);
    }
    return 'number';
  }
  if ('if' in expr) {
    checkCondition(expr.if, names);
    const a = exprType(expr.then, names);
    const b = exprType(expr.else, names);
    return a === b ? a : 'unknown';
  }
  if ('bands' in expr) {
    numeric(expr.bands, names);
    const types = new Set(expr.of.map((b) => typeOfScalar(b.value)));
    return types.size === 1 ? [...types][0] : 'unknown';
  }
  if ('test' in expr) {
    checkCondition(expr.test, names);
    return 'boolean';
  }
  return 'unknown';
}

const ORDERING = ['lt', 'lte', 'gt', 'gte'];

/** Checks a condition against the form: every path declared, every comparison between values of one type. */
function checkCondition(cond: Condition, names: Names): void {
  if ('all' in cond || 'any' in cond) {
    for (const c of 'all' in cond ? cond.all : cond.any) checkCondition(c, names);
    return;
  }
  if ('not' in cond) return checkCondition(cond.not, names);
  if ('expr' in cond) {
    const [op, operands] = Object.entries(cond.expr)[0] as [string, [Expr, Expr]];
    const [a, b] = operands.map((e) => exprType(e, names));
    if (ORDERING.includes(op) && [a, b].some((t) => t !== 'number' && t !== 'string' && t !== 'unknown')) {
      names.problems.push(`${names.at} orders ${JSON.stringify(operands)}, which are not numbers or text`);
    } else if (a !== 'unknown' && b !== 'unknown' && a !== b) {
      names.problems.push(`${names.at} compares ${JSON.stringify(operands[0])} (${a}) with ${JSON.stringify(operands[1])} (${b})`);
    }
    return;
  }
  const type = pathType(cond.field, names);
  if (type === undefined) return;
  const field = names.computed.has(cond.field) ? undefined : fieldAt(names.fields, cond.field.split('.'), isIndex);
  const against = 'equals' in cond ? [cond.equals] : 'in' in cond ? cond.in : 'gte' in cond ? [cond.gte] : [];
  for (const value of against) {
    if (type !== 'unknown' && typeOfScalar(value) !== type) {
      names.problems.push(`${names.at} compares ${cond.field} (${type}) with ${JSON.stringify(value)}`);
    } else if (field?.type === 'choice' && !field.options.some((o) => o.value === value)) {
      names.problems.push(`${names.at} compares ${cond.field} with ${JSON.stringify(value)}, which is not one of its options`);
    }
  }
}

/** Every way the workflow does not fit the form, as sentences naming the step and the field (none when it fits). */
export function fitProblems(workflow: WorkflowDeclaration, form: FitForm): string[] {
  const fields = form.sections.flatMap((s) => s.fields);
  const computed = new Map((form.computed ?? []).map((c) => [c.key, c.format ? FORMAT_TYPES[c.format] : ('unknown' as ValueType)]));
  const problems: string[] = [];
  const names = (at: string): Names => ({ fields, computed, at, problems });
  const pattern = (at: string, p: string) => {
    if (!fieldAt(fields, p.split('.'), isStar)) problems.push(`${at} ${p}, which the form does not declare`);
  };
  for (const [stepName, step] of Object.entries(workflow.steps)) {
    const edits = step.edits;
    for (const p of edits?.paths ?? []) pattern(`${stepName} edits`, p);
    if (edits?.fields) {
      const { type, part } = edits.fields;
      const found = fieldsOfKind(fields, { type });
      if (found.length === 0) problems.push(`${stepName} edits every field of type ${type}, and the form has none`);
      if (part) for (const p of found) pattern(`${stepName} edits`, `${p}.${part}`);
    }
    for (const lock of edits?.lockedRows ?? []) {
      const group = groupOf(lock.group, names(`${stepName} locks rows of ${lock.group}:`));
      if (group?.type === 'group') checkCondition(lock.where, inRow(group, names(`${stepName} locks rows`)));
    }
    for (const [action, decl] of Object.entries(step.actions)) {
      const at = `${stepName}.${action}`;
      (routesOf(decl) ?? []).forEach((route, i) => {
        if (route.when) checkCondition(route.when, names(`${at} route ${i + 1}`));
      });
      for (const r of decl.requires ?? []) {
        if ('each' in r) {
          const group = groupOf(r.each, names(`${at} requires`));
          if (group?.type !== 'group') continue;
          const row = inRow(group, names(`${at} requires`));
          checkCondition(r.that, row);
          if (r.where) checkCondition(r.where, row);
          if (r.path !== undefined) pathType(r.path, row);
        } else {
          checkCondition(r.that, names(`${at} requires`));
          if (r.path !== undefined && !names(`${at} reports`).computed.has(r.path)) pathType(r.path, names(`${at} reports at`));
        }
      }
    }
  }
  return problems;
}
