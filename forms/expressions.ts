/**
 * Evaluating expressions and conditions (the language is defined in `schema.ts`). They read
 * data that may not have passed the shape checks (conditions decide which checks apply;
 * computed values are shown on drafts), so every operation first checks the types it needs
 * and otherwise gives `null` / undecided. Nothing here throws on any data.
 *
 * `sum` is not evaluated here: the compiler replaces it by the `add` of the fields it names
 * (`compile-sums.ts`), so its meaning is that of `add`.
 */
import type { Comparison, Condition, Expr, Scalar } from './language.js';

export type Data = Record<string, unknown>;
export type Value = Scalar | null;
/** A condition's outcome: `null` while undecided (an operand is empty). */
export type Truth = boolean | null;

/** Where an expression runs: the data (or one row of a group) and the declared parameters. */
export type Scope = { readonly data: Data; readonly params: Readonly<Record<string, number>> };

const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Own properties only: a key like `constructor` must never reach Object.prototype. */
export function own(data: Data, key: string): unknown {
  return Object.hasOwn(data, key) ? data[key] : undefined;
}

/** Filled in: not absent, null, blank text or an empty list. `false` and `0` are answers. */
export function isFilled(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** Paths come from declarations, so there are few of them; beyond this, splits are not kept. */
const MAX_KEPT_PATHS = 10_000;
const segments = new Map<string, readonly string[]>();

function segmentsOf(path: string): readonly string[] {
  let split = segments.get(path);
  if (split === undefined) {
    split = path.split('.');
    if (segments.size < MAX_KEPT_PATHS) segments.set(path, split);
  }
  return split;
}

/** The value at a dot-joined path: object keys (own only) and, in lists, row numbers. */
export function lookup(data: unknown, path: string): unknown {
  if (typeof path !== 'string') return undefined;
  // Most paths are one key; the rest are split once per path, not once per read.
  if (!path.includes('.') && !Array.isArray(data)) return isRecord(data) ? own(data, path) : undefined;
  let current = data;
  for (const segment of segmentsOf(path)) {
    if (Array.isArray(current)) {
      if (!/^\d+$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isRecord(current)) {
      current = own(current, segment);
    } else {
      return undefined;
    }
  }
  return current;
}

/** Only scalars are values; blank text is as empty as null, and so is a non-finite number. */
function asValue(v: unknown): Value {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'boolean') return v;
  return null;
}

const asNumber = (v: Value): number | null => (typeof v === 'number' ? v : null);

/** Every operand as a number, or null when one is not. */
function numbers(list: unknown, scope: Scope): number[] | null {
  if (!Array.isArray(list)) return null;
  const out: number[] = [];
  for (const e of list) {
    const n = asNumber(evaluate(e as Expr, scope));
    if (n === null) return null;
    out.push(n);
  }
  return out;
}

/** Both operands of a binary operator as numbers. */
function pair(list: unknown, scope: Scope): [number, number] | null {
  if (!Array.isArray(list) || list.length !== 2) return null;
  const ns = numbers(list, scope);
  return ns && [ns[0], ns[1]];
}

const finite = (n: number | null | undefined): Value => (typeof n === 'number' && Number.isFinite(n) ? n : null);

/**
 * A group's rows: an absent or empty group has none; a value that is not a list (junk not yet
 * refused) has no countable rows, so gives null.
 */
function rowsOf(data: Data, group: string, where: Condition | undefined, scope: Scope): Data[] | null {
  const value = lookup(data, group);
  if (!isFilled(value)) return [];
  if (!Array.isArray(value)) return null;
  // A row that is not an object is still a row (the shape check reports it) with no cells.
  const rows = value.map((row) => (isRecord(row) ? row : {}));
  return where === undefined ? rows : rows.filter((row) => decide(where, { data: row, params: scope.params }) === true);
}

export function evaluate(expr: Expr, scope: Scope): Value {
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) return asValue(expr);
  if ('field' in expr) return typeof expr.field === 'string' ? asValue(lookup(scope.data, expr.field)) : null;
  if ('param' in expr) return Object.hasOwn(scope.params, expr.param) ? asValue(scope.params[expr.param]) : null;
  if ('add' in expr) return finite(numbers(expr.add, scope)?.reduce((a, b) => a + b, 0));
  if ('mul' in expr) return finite(numbers(expr.mul, scope)?.reduce((a, b) => a * b, 1));
  if ('sub' in expr) {
    const p = pair(expr.sub, scope);
    return p && finite(p[0] - p[1]);
  }
  if ('div' in expr) {
    const p = pair(expr.div, scope);
    return p && p[1] !== 0 ? finite(p[0] / p[1]) : null;
  }
  if ('floor' in expr) return finite(Math.floor(asNumber(evaluate(expr.floor, scope)) ?? NaN));
  if ('ceil' in expr) return finite(Math.ceil(asNumber(evaluate(expr.ceil, scope)) ?? NaN));
  if ('min' in expr) {
    const ns = numbers(expr.min, scope);
    return ns && ns.length > 0 ? Math.min(...ns) : null;
  }
  if ('max' in expr) {
    const ns = numbers(expr.max, scope);
    return ns && ns.length > 0 ? Math.max(...ns) : null;
  }
  if ('rows' in expr) return rowsOf(scope.data, expr.rows, expr.where, scope)?.length ?? null;
  if ('sumRows' in expr) {
    const { group, column, where } = expr.sumRows ?? {};
    if (typeof group !== 'string' || typeof column !== 'string') return null;
    const rows = rowsOf(scope.data, group, where, scope);
    // Empty cells add nothing: a half-typed list still shows its running total.
    return rows && finite(rows.reduce((sum, row) => sum + (asNumber(asValue(own(row, column))) ?? 0), 0));
  }
  if ('if' in expr) return evaluate(decide(expr.if, scope) === true ? expr.then : expr.else, scope);
  if ('bands' in expr) {
    const v = asNumber(evaluate(expr.bands, scope));
    if (v === null || !Array.isArray(expr.of)) return null;
    let best: { min: number; value: Scalar } | undefined;
    for (const band of expr.of) {
      if (!isRecord(band) || typeof band.min !== 'number') continue;
      if (band.min <= v && (best === undefined || band.min > best.min)) best = band;
    }
    return best === undefined ? null : asValue(best.value);
  }
  if ('test' in expr) return decide(expr.test, scope);
  return null;
}

const COMPARISONS = ['lt', 'lte', 'gt', 'gte', 'eq', 'ne'] as const;

function compare(c: Comparison, scope: Scope): Truth {
  const op = COMPARISONS.find((k) => Object.hasOwn(c, k));
  const operands = op === undefined ? undefined : (c as Record<string, unknown>)[op];
  if (op === undefined || !Array.isArray(operands) || operands.length !== 2) return null;
  const a = evaluate(operands[0] as Expr, scope);
  const b = evaluate(operands[1] as Expr, scope);
  if (a === null || b === null) return null;
  if (op === 'eq') return a === b;
  if (op === 'ne') return a !== b;
  // Ordering only means something between two numbers or two strings (ISO dates).
  if (typeof a !== typeof b || typeof a === 'boolean') return null;
  if (op === 'lt') return a < b;
  if (op === 'lte') return a <= b;
  if (op === 'gt') return a > b;
  return a >= b;
}

/** A condition's outcome, three-valued (see Condition). */
export function decide(cond: Condition, scope: Scope): Truth {
  if (!isRecord(cond)) return null;
  if ('all' in cond) {
    if (!Array.isArray(cond.all)) return null;
    let result: Truth = true;
    for (const c of cond.all) {
      const t = decide(c, scope);
      if (t === false) return false;
      if (t === null) result = null;
    }
    return result;
  }
  if ('any' in cond) {
    if (!Array.isArray(cond.any)) return null;
    let result: Truth = false;
    for (const c of cond.any) {
      const t = decide(c, scope);
      if (t === true) return true;
      if (t === null) result = null;
    }
    return result;
  }
  if ('not' in cond) {
    const t = decide(cond.not, scope);
    return t === null ? null : !t;
  }
  if ('expr' in cond) return isRecord(cond.expr) ? compare(cond.expr, scope) : null;
  if (typeof cond.field !== 'string') return null;
  const raw = lookup(scope.data, cond.field);
  if ('filled' in cond) return isFilled(raw) === cond.filled;
  if (!isFilled(raw)) return null;
  if ('equals' in cond) return raw === cond.equals;
  if ('in' in cond) return Array.isArray(cond.in) && cond.in.some((x) => x === raw);
  if ('gte' in cond) return typeof raw === 'number' && Number.isFinite(raw) ? raw >= cond.gte : null;
  return null;
}

/** Does `cond` hold (decided true) on `data`? What `when`, `if` and `where` act on. */
export function conditionHolds(cond: Condition, data: Data, params: Scope['params'] = {}): boolean {
  return decide(cond, { data, params }) === true;
}

/**
 * The top-level keys of the data an expression or condition (or a rule holding them) reads:
 * the first segment of each `field` path, and the group of each `rows` and `sumRows`, whose
 * `where` reads columns of a row, not the data.
 */
export function keysRead(node: unknown): string[] {
  const keys: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isRecord(v)) return;
    if (typeof v.rows === 'string') return void keys.push(v.rows);
    if (isRecord(v.sumRows) && typeof v.sumRows.group === 'string') return void keys.push(v.sumRows.group);
    if (typeof v.field === 'string') keys.push(v.field.split('.')[0]);
    for (const [k, x] of Object.entries(v)) if (k !== 'field') walk(x);
  };
  walk(node);
  return [...new Set(keys)];
}
