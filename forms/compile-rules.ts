/**
 * Conditions and cross-field rules. These read data that may not have passed the shape
 * checks (so every issue is reported in one round), hence every comparison first checks the
 * types it needs and otherwise stays silent: the shape issue already names that field.
 */
import type { Condition, FieldDecl, FormDeclaration, FormIssue, RuleDecl } from './language.js';
import { isIsoDate } from './validators.js';

export type Data = Record<string, unknown>;

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

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function conditionHolds(cond: Condition, data: Data): boolean {
  if ('all' in cond) return cond.all.every((c) => conditionHolds(c, data));
  if ('any' in cond) return cond.any.some((c) => conditionHolds(c, data));
  const v = own(data, cond.field);
  if ('equals' in cond) return v === cond.equals;
  if ('in' in cond) return cond.in.some((x) => x === v);
  if ('gte' in cond) return isNumber(v) && v >= cond.gte;
  if ('filled' in cond) return isFilled(v) === cond.filled;
  return false;
}

/** Names compare without spaces and case: "张 三" and "张三" are one person. */
function sameName(a: unknown, b: unknown): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return typeof a === 'string' && typeof b === 'string' && norm(a) !== '' && norm(a) === norm(b);
}

/** The path a rule's issue is reported on. */
export function ruleTarget(rule: RuleDecl): string {
  return rule.kind === 'sumEquals' ? rule.total : rule.field;
}

/** Every data key a rule reads (besides its `when`). */
function ruleKeys(rule: RuleDecl): string[] {
  switch (rule.kind) {
    case 'lte':
    case 'differs':
      return [rule.field, rule.other];
    case 'sumEquals':
      return [rule.group, rule.total];
    default:
      return [rule.field];
  }
}

/** Does `rule` fail on `data`? Undefined inputs (empty, wrong type) never fail a rule. */
function fails(rule: RuleDecl, data: Data, today: string): boolean {
  switch (rule.kind) {
    case 'requiredWhen':
      return !isFilled(own(data, rule.field));
    case 'equalsWhen':
      return own(data, rule.field) !== rule.value;
    case 'lte': {
      const a = own(data, rule.field);
      const b = own(data, rule.other);
      return isNumber(a) && isNumber(b) && a > b;
    }
    case 'sumEquals': {
      const rows = own(data, rule.group);
      const total = own(data, rule.total);
      // No rows: the group's own required check speaks; one message per problem.
      if (!Array.isArray(rows) || rows.length === 0 || !isNumber(total)) return false;
      let sum = 0;
      for (const row of rows) {
        const cell = typeof row === 'object' && row !== null ? own(row as Data, rule.column) : undefined;
        if (isNumber(cell)) sum += cell;
        else if (isFilled(cell)) return false; // a wrong type is reported on that cell
      }
      return sum !== total;
    }
    case 'differs':
      return sameName(own(data, rule.field), own(data, rule.other));
    case 'dateAfterToday': {
      const d = own(data, rule.field);
      // ISO dates compare correctly as strings.
      return isIsoDate(d) && (d as string) <= today;
    }
  }
}

/**
 * Runs the rules. `view` is the data plus computed values (conditions may name either);
 * rules touching a field of a hidden section are skipped, as that data is not submitted.
 */
export function evaluateRules(
  rules: readonly RuleDecl[],
  data: Data,
  view: Data,
  today: string,
  hidden: ReadonlySet<string>,
): { errors: FormIssue[]; warnings: FormIssue[] } {
  const errors: FormIssue[] = [];
  const warnings: FormIssue[] = [];
  for (const rule of rules) {
    if (ruleKeys(rule).some((k) => hidden.has(k))) continue;
    if (rule.when && !conditionHolds(rule.when, view)) continue;
    if (!fails(rule, data, today)) continue;
    const issue = { path: ruleTarget(rule), message: rule.message };
    (rule.severity === 'warning' ? warnings : errors).push(issue);
  }
  return { errors, warnings };
}

function conditionFields(cond: Condition): string[] {
  if ('all' in cond) return cond.all.flatMap(conditionFields);
  if ('any' in cond) return cond.any.flatMap(conditionFields);
  return [cond.field];
}

/**
 * Declaration mistakes (a rule naming a missing field, a duplicate key) are programming
 * errors: compileForm throws so they fail at start-up and in tests, not on a user's submit.
 */
export function checkDeclaration(decl: FormDeclaration): void {
  const fail = (why: string) => {
    throw new Error(`form ${decl.id}@${decl.version}: ${why}`);
  };
  const fields = new Map<string, FieldDecl>();
  const checkFields = (list: readonly FieldDecl[], where: string) => {
    const keys = new Set<string>();
    for (const f of list) {
      if (keys.has(f.key)) fail(`duplicate field key ${where}${f.key}`);
      keys.add(f.key);
      if (f.type === 'choice' && f.options.length === 0) fail(`choice ${f.key} has no options`);
      if (f.type === 'group') checkFields(f.fields, `${where}${f.key}.`);
    }
  };
  const all = decl.sections.flatMap((s) => s.fields);
  checkFields(all, '');
  for (const f of all) fields.set(f.key, f);
  const computed = new Set(decl.computed.map((c) => c.key));
  for (const key of computed) if (fields.has(key)) fail(`computed ${key} shadows a field`);
  const known = (k: string) => fields.has(k) || computed.has(k);
  for (const s of decl.sections) {
    for (const k of s.when ? conditionFields(s.when) : []) if (!known(k)) fail(`section ${s.key} when: ${k}?`);
  }
  for (const rule of decl.rules) {
    for (const k of ruleKeys(rule)) if (!fields.has(k)) fail(`${rule.kind} rule names unknown field ${k}`);
    for (const k of rule.when ? conditionFields(rule.when) : []) if (!known(k)) fail(`${rule.kind} when: ${k}?`);
    if (rule.kind === 'sumEquals') {
      const g = fields.get(rule.group);
      if (g?.type !== 'group' || !g.fields.some((f) => f.key === rule.column)) {
        fail(`sumEquals column ${rule.group}.${rule.column} is not a group column`);
      }
    }
  }
}
