/**
 * Cross-field rules. These read data that may not have passed the shape checks (so every
 * issue is reported in one round), hence every comparison first checks the types it needs
 * and otherwise stays silent: the shape issue already names that field.
 */
import { conditionHolds, decide, isFilled, keysRead, lookup, own, type Data, type Scope } from './expressions.js';
import type { FormIssue, RuleDecl } from './language.js';
import { isIsoDate } from './validators.js';

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Names compare without spaces and case: "张 三" and "张三" are one person. */
function sameName(a: unknown, b: unknown): boolean {
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return typeof a === 'string' && typeof b === 'string' && norm(a) !== '' && norm(a) === norm(b);
}

/** The path a rule's issue is reported on (for `rowAssert`, the column; rows add their index). */
export function ruleTarget(rule: RuleDecl): string {
  if (rule.kind === 'sumEquals') return rule.total;
  if (rule.kind === 'rowAssert') return rule.group;
  return rule.field;
}

/** The top-level keys a rule reads besides its `when`: a rule on a hidden field is skipped. */
export function ruleReads(rule: RuleDecl): string[] {
  const first = (path: string) => path.split('.')[0];
  switch (rule.kind) {
    case 'lte':
    case 'differs':
      return [first(rule.field), first(rule.other)];
    case 'sumEquals':
      return [rule.group, first(rule.total)];
    case 'assert':
      return [first(rule.field), ...keysRead(rule.that)];
    case 'rowAssert':
      return [rule.group];
    default:
      return [first(rule.field)];
  }
}

/**
 * The paths where `rule` fails on `view` (the data plus computed values); none when it holds.
 * Undefined inputs (empty, wrong type) never fail a rule.
 */
function failures(rule: RuleDecl, scope: Scope, today: string): string[] {
  const data = scope.data;
  const fails = (failed: boolean) => (failed ? [ruleTarget(rule)] : []);
  switch (rule.kind) {
    case 'requiredWhen':
      return fails(!isFilled(lookup(data, rule.field)));
    case 'equalsWhen':
      return fails(lookup(data, rule.field) !== rule.value);
    case 'lte': {
      const a = lookup(data, rule.field);
      const b = lookup(data, rule.other);
      return fails(isNumber(a) && isNumber(b) && a > b);
    }
    case 'sumEquals': {
      const rows = own(data, rule.group);
      const total = own(data, rule.total);
      // No rows: the group's own required check speaks; one message per problem.
      if (!Array.isArray(rows) || rows.length === 0 || !isNumber(total)) return [];
      let sum = 0;
      for (const row of rows) {
        const cell = isRecord(row) ? own(row, rule.column) : undefined;
        if (isNumber(cell)) sum += cell;
        else if (isFilled(cell)) return []; // a wrong type is reported on that cell
      }
      return fails(sum !== total);
    }
    case 'differs':
      return fails(sameName(lookup(data, rule.field), lookup(data, rule.other)));
    case 'dateAfterToday': {
      const d = lookup(data, rule.field);
      // ISO dates compare correctly as strings.
      return fails(isIsoDate(d) && (d as string) <= today);
    }
    case 'assert':
      return fails(decide(rule.that, scope) === false);
    case 'rowAssert': {
      const rows = own(data, rule.group);
      if (!Array.isArray(rows)) return [];
      const failing: string[] = [];
      rows.forEach((row, i) => {
        if (!isRecord(row)) return; // reported as "each row must be an object"
        if (decide(rule.that, { data: row, params: scope.params }) === false) failing.push(`${rule.group}.${i}.${rule.column}`);
      });
      return failing;
    }
  }
}

export type RuleContext = {
  /** The data plus computed values: rules and their conditions may name either. */
  view: Data;
  /** The same without the hidden fields: what a rule's `when` sees. */
  shown: Data;
  params: Scope['params'];
  today: string;
  /** Keys of hidden fields (their own `when`, or their section's, does not hold). */
  hidden: ReadonlySet<string>;
  /** Per rule, the top-level keys its `that` reads (worked out once, at compile time). */
  keysOf: (rule: RuleDecl) => string[];
};

/** Runs the rules, sorting issues into errors (block a submit) and warnings (do not). */
export function evaluateRules(
  rules: readonly RuleDecl[],
  ctx: RuleContext,
): { errors: FormIssue[]; warnings: FormIssue[] } {
  const errors: FormIssue[] = [];
  const warnings: FormIssue[] = [];
  const scope: Scope = { data: ctx.view, params: ctx.params };
  for (const rule of rules) {
    if (ctx.keysOf(rule).some((k) => ctx.hidden.has(k))) continue;
    if (rule.when && !conditionHolds(rule.when, ctx.shown, ctx.params)) continue;
    for (const path of failures(rule, scope, ctx.today)) {
      (rule.severity === 'warning' ? warnings : errors).push({ path, message: rule.message });
    }
  }
  return { errors, warnings };
}
