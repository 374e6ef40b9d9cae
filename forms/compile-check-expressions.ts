/**
 * Checking expressions and conditions of a declaration (for compile-check.ts): every
 * operator known and given its operands, every path, group, column and parameter declared.
 * Each check returns the top-level keys the expression reads, which compileForm needs to
 * skip rules on hidden sections.
 */
import { SCORE_PART_KEYS } from './field-parts.js';
import type { FieldDecl } from './language.js';

/** A mistake in a declaration; compile-check.ts names the form it was found in. */
export class DeclarationError extends Error {}

export const fail = (why: string): never => {
  throw new DeclarationError(why);
};

/** Deeper nesting is a generated or hostile declaration, not one a person wrote. */
const MAX_DEPTH = 32;

/** Each operator of Expr with the keys that go with it: `with` required, `optional` not. */
const EXPR_OPERATORS: Record<string, { with?: string[]; optional?: string[] }> = {
  field: {},
  param: {},
  add: {},
  mul: {},
  sub: {},
  div: {},
  floor: {},
  ceil: {},
  min: {},
  max: {},
  rows: { optional: ['where'] },
  sumRows: {},
  if: { with: ['then', 'else'] },
  bands: { with: ['of'] },
  test: {},
};
const COMPARISONS = ['lt', 'lte', 'gt', 'gte', 'eq', 'ne'];

export type Obj = Record<string, unknown>;
export const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isScalar = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Leaf condition tests, with what each compares against. */
const LEAF_TESTS: Record<string, (v: unknown) => boolean> = {
  equals: isScalar,
  in: (v) => Array.isArray(v) && v.every(isScalar),
  gte: (v) => typeof v === 'number' && Number.isFinite(v),
  filled: (v) => typeof v === 'boolean',
};

export type GroupField = FieldDecl & { type: 'group' };

/** What an expression may read where it stands: the form's fields, or one group's columns. */
export type Names = {
  fields: ReadonlyMap<string, FieldDecl>;
  /** Computed values readable here: the earlier ones inside `computed`, all of them elsewhere. */
  computed: ReadonlySet<string>;
  params: ReadonlySet<string>;
};

/** Inside a row (`where`, `rowAssert`): the group's columns and the parameters. */
export const rowNames = (group: GroupField, names: Names): Names => ({
  fields: new Map(group.fields.map((f) => [f.key, f])),
  computed: new Set(),
  params: names.params,
});

/** Checks a path's first segment (and a score item's part); returns the key it reads. */
export function checkPath(path: unknown, names: Names, where: string): string {
  if (typeof path !== 'string') return fail(`${where}: a path must be text`);
  const [first, second] = path.split('.');
  const field = names.fields.get(first);
  if (!field && !names.computed.has(first)) fail(`${where}: unknown field ${first}`);
  if (field?.type === 'score' && second !== undefined && !SCORE_PART_KEYS.includes(second)) {
    fail(`${where}: ${path} is not a part of a score item`);
  }
  return first;
}

export function checkGroup(group: unknown, names: Names, where: string): GroupField {
  const field = typeof group === 'string' ? names.fields.get(group) : undefined;
  if (field?.type !== 'group') return fail(`${where}: ${String(group)} is not a repeating group`);
  return field;
}

export function checkColumn(group: GroupField, column: unknown, where: string): void {
  if (!group.fields.some((f) => f.key === column)) fail(`${where}: ${String(column)} is not a column of ${group.key}`);
}

const list = (value: unknown, where: string, length?: number): unknown[] => {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length)) {
    return fail(`${where} ${length === undefined ? 'a list' : `${length} operands`}`);
  }
  return value;
};

/** Checks an expression; returns the top-level keys it reads. */
export function checkExpr(expr: unknown, names: Names, where: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) fail(`${where}: expression nested too deeply`);
  if (expr === null || isScalar(expr)) return [];
  if (!isObject(expr)) return fail(`${where}: ${JSON.stringify(expr)} is not an expression`);
  const ops = Object.keys(expr).filter((k) => Object.hasOwn(EXPR_OPERATORS, k));
  if (ops.length !== 1) return fail(`${where}: expression needs exactly one operator, has ${Object.keys(expr).join(', ')}`);
  const op = ops[0];
  const { with: needed = [], optional = [] } = EXPR_OPERATORS[op];
  for (const k of Object.keys(expr)) {
    if (k !== op && !needed.includes(k) && !optional.includes(k)) fail(`${where}: ${op} takes no ${k}`);
  }
  for (const k of needed) if (!Object.hasOwn(expr, k)) fail(`${where}: ${op} needs ${k}`);

  const sub = (e: unknown) => checkExpr(e, names, where, depth + 1);
  const cond = (c: unknown, n: Names = names, at = where) => checkCondition(c, n, at, depth + 1);
  const value = expr[op];
  switch (op) {
    case 'field':
      return [checkPath(value, names, where)];
    case 'param':
      if (typeof value !== 'string' || !names.params.has(value)) fail(`${where}: unknown param ${String(value)}`);
      return [];
    case 'add':
    case 'mul':
    case 'min':
    case 'max':
      return list(value, `${where}: ${op} takes`).flatMap(sub);
    case 'sub':
    case 'div':
      return list(value, `${where}: ${op} takes`, 2).flatMap(sub);
    case 'floor':
    case 'ceil':
      return sub(value);
    case 'test':
      return cond(value);
    case 'rows': {
      const group = checkGroup(value, names, where);
      if (expr.where !== undefined) cond(expr.where, rowNames(group, names), `${where} where`);
      return [group.key];
    }
    case 'sumRows': {
      if (!isObject(value)) return fail(`${where}: sumRows takes { group, column, where? }`);
      const group = checkGroup(value.group, names, where);
      checkColumn(group, value.column, where);
      if (value.where !== undefined) cond(value.where, rowNames(group, names), `${where} where`);
      return [group.key];
    }
    case 'if':
      return [...cond(value), ...sub(expr.then), ...sub(expr.else)];
    case 'bands': {
      const bands = list(expr.of, `${where}: bands takes`);
      if (bands.length === 0) fail(`${where}: bands needs at least one { min, value }`);
      for (const b of bands) {
        const ok = isObject(b) && typeof b.min === 'number' && Number.isFinite(b.min) && isScalar(b.value);
        if (!ok) fail(`${where}: band ${JSON.stringify(b)} is not { min, value }`);
      }
      return sub(value);
    }
  }
  return [];
}

/** Checks a condition; returns the top-level keys it reads. */
export function checkCondition(cond: unknown, names: Names, where: string, depth = 0): string[] {
  if (depth > MAX_DEPTH) fail(`${where}: condition nested too deeply`);
  if (!isObject(cond)) return fail(`${where}: ${JSON.stringify(cond)} is not a condition`);
  const keys = Object.keys(cond);
  const only = (k: string) => keys.length === 1 && keys[0] === k;
  const sub = (c: unknown) => checkCondition(c, names, where, depth + 1);
  if (only('all') || only('any')) return list(cond[keys[0]], `${where}: ${keys[0]} takes`).flatMap(sub);
  if (only('not')) return sub(cond.not);
  if (only('expr')) {
    const c = cond.expr;
    const op = isObject(c) && Object.keys(c).length === 1 ? Object.keys(c)[0] : undefined;
    if (!isObject(c) || op === undefined || !COMPARISONS.includes(op)) {
      return fail(`${where}: expr takes one of ${COMPARISONS.join(', ')}`);
    }
    return list(c[op], `${where}: ${op} takes`, 2).flatMap((e) => checkExpr(e, names, where, depth + 1));
  }
  const tests = keys.filter((k) => k !== 'field');
  const test = tests.length === 1 && keys.length === 2 ? LEAF_TESTS[tests[0]] : undefined;
  if (!test || !Object.hasOwn(LEAF_TESTS, tests[0])) {
    return fail(`${where}: ${JSON.stringify(cond)} is not a condition the language knows`);
  }
  if (!test(cond[tests[0]])) fail(`${where}: ${tests[0]} ${JSON.stringify(cond[tests[0]])}?`);
  return [checkPath(cond.field, names, where)];
}
