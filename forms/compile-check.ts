/**
 * Checking a declaration before compiling it. A declaration is data that may come from the
 * database, so its structure is checked here (known field types, rule kinds, operators) as
 * well as its references (a rule naming a missing field, a computed value reading a later
 * one). Mistakes throw: they fail at start-up, in tests or when an admin publishes a
 * version, never on a user's submit.
 */
import {
  DeclarationError,
  checkColumn,
  checkCondition,
  checkExpr,
  checkGroup,
  checkPath,
  fail,
  isObject,
  rowNames,
  type Names,
} from './compile-check-expressions.js';
import { STARTERS, type FieldDecl, type FieldType, type FormDeclaration, type RuleDecl } from './language.js';

/** Keys are joined into dotted paths, so they are plain names. */
const KEY = /^[A-Za-z][A-Za-z0-9_]*$/;

const FIELD_TYPES: readonly FieldType[] = [
  'text',
  'longtext',
  'integer',
  'money',
  'choice',
  'flag',
  'date',
  'creditCode',
  'mobile',
  'declaration',
  'group',
  'attachment',
  'score',
];
const RULE_KINDS: readonly RuleDecl['kind'][] = [
  'requiredWhen',
  'equalsWhen',
  'lte',
  'sumEquals',
  'differs',
  'dateAfterToday',
  'assert',
  'rowAssert',
];
const FORMATS = ['integer', 'money', 'percent', 'text', 'flag'];

const isText = (v: unknown) => isObject(v) && typeof v.zh === 'string' && typeof v.en === 'string';
const isWhole = (v: unknown, min: number) => Number.isInteger(v) && (v as number) >= min;

/** What `compileForm` needs from the check: the top-level field keys each rule reads. */
export type CheckedDeclaration = { ruleKeys: ReadonlyMap<RuleDecl, string[]> };

export function checkDeclaration(decl: FormDeclaration): CheckedDeclaration {
  try {
    return check(decl);
  } catch (e) {
    if (!(e instanceof DeclarationError)) throw e;
    throw new Error(`form ${String(decl?.id)}@${String(decl?.version)}: ${e.message}`);
  }
}

function check(decl: FormDeclaration): CheckedDeclaration {
  if (!isObject(decl) || typeof decl.id !== 'string' || decl.id === '') fail('no id');
  if (!isWhole(decl.version, 1)) fail('version must be a positive integer');
  if (!isText(decl.title)) fail('title must be { zh, en }');
  for (const key of ['sections', 'rules', 'computed'] as const) if (!Array.isArray(decl[key])) fail(`${key} must be a list`);
  if (!isObject(decl.example)) fail('example must be an object');
  checkStarters(decl.startedBy);

  for (const s of decl.sections) checkFields(s?.fields, '', false);
  const all = decl.sections.flatMap((s) => s.fields);
  checkFields(all, '', false); // keys are unique across sections too
  const fields = new Map(all.map((f) => [f.key, f]));

  const params = new Set<string>();
  for (const [name, p] of Object.entries(decl.params ?? {})) {
    if (!KEY.test(name)) fail(`param ${name} is not a plain name`);
    const ok = isObject(p) && isText(p.label) && typeof p.value === 'number' && Number.isFinite(p.value);
    if (!ok) fail(`param ${name} needs a label and a number`);
    params.add(name);
  }

  const computed = new Set<string>();
  for (const c of decl.computed) {
    if (!isObject(c) || typeof c.key !== 'string' || !KEY.test(c.key)) fail(`computed key ${String(c?.key)} is not a plain name`);
    if (fields.has(c.key)) fail(`computed ${c.key} shadows a field`);
    if (computed.has(c.key)) fail(`duplicate computed ${c.key}`);
    if (!isText(c.label)) fail(`computed ${c.key} needs a { zh, en } label`);
    if (c.format !== undefined && !FORMATS.includes(c.format)) fail(`computed ${c.key} has unknown format ${c.format}`);
    // Only earlier values: evaluation runs once, in declaration order.
    checkExpr(c.expr, { fields, computed: new Set(computed), params }, `computed ${c.key}`);
    computed.add(c.key);
  }

  const names: Names = { fields, computed, params };
  for (const s of decl.sections) if (s.when !== undefined) checkCondition(s.when, names, `section ${s.key} when`);
  const ruleKeys = new Map<RuleDecl, string[]>();
  for (const rule of decl.rules) {
    const keys = checkRule(rule, names);
    // Only fields can be in a hidden section, so only they matter for skipping a rule.
    ruleKeys.set(rule, keys.filter((k) => fields.has(k)));
  }
  return { ruleKeys };
}

/** Who starts the form: a non-empty list of known starters, each once. */
function checkStarters(startedBy: unknown): void {
  if (startedBy === undefined) return;
  if (!Array.isArray(startedBy) || startedBy.length === 0) return fail('startedBy must be a non-empty list of starters');
  for (const who of startedBy) {
    if (!STARTERS.includes(who)) fail(`startedBy names ${JSON.stringify(who)}, not one of ${STARTERS.join(', ')}`);
  }
  if (new Set(startedBy).size !== startedBy.length) fail('startedBy names a starter twice');
}

function checkFields(list: unknown, where: string, inGroup: boolean): void {
  if (!Array.isArray(list)) return fail(`${where || 'section'} fields must be a list`);
  const keys = new Set<string>();
  for (const f of list as FieldDecl[]) {
    if (!isObject(f) || typeof f.key !== 'string' || !KEY.test(f.key)) {
      fail(`field key ${where}${String(f?.key)} is not a plain name`);
    }
    const at = `${where}${f.key}`;
    if (keys.has(f.key)) fail(`duplicate field key ${at}`);
    keys.add(f.key);
    if (!FIELD_TYPES.includes(f.type)) fail(`field ${at} has unknown type ${String(f.type)}`);
    if (!isText(f.label)) fail(`field ${at} needs a { zh, en } label`);
    if (f.readOnly && (f.required || f.type === 'declaration')) {
      fail(`read-only ${at} cannot be required: the client never sends it`);
    }
    if (f.source !== undefined) {
      const src = f.source as { kind?: unknown; purpose?: unknown; tally?: unknown };
      if (!f.readOnly) fail(`${at} has a source but is not read-only`);
      if (src.kind !== 'roundTally' || src.purpose !== 'evaluation' || !['answers', 'satisfied', 'basic', 'unsatisfied'].includes(String(src.tally))) {
        fail(`${at} has an unknown source`);
      }
    }
    // The server's values are carried over by top-level key; rows have no stable identity.
    if (f.readOnly && inGroup) fail(`read-only ${at} inside a group`);
    if (f.type === 'choice' && (!Array.isArray(f.options) || f.options.length === 0)) fail(`choice ${at} has no options`);
    if (f.type === 'score' && !isWhole(f.max, 1)) fail(`score ${at} needs a whole max ≥ 1`);
    if (f.type === 'attachment' && f.maxFiles !== undefined && !isWhole(f.maxFiles, 1)) {
      fail(`attachment ${at} maxFiles must be ≥ 1`);
    }
    if (f.type === 'group') checkFields(f.fields, `${at}.`, true);
  }
}

/** Checks one rule; returns the top-level keys it reads besides its `when`. */
function checkRule(rule: RuleDecl, names: Names): string[] {
  if (!isObject(rule) || !RULE_KINDS.includes(rule.kind)) fail(`unknown rule kind ${String(rule?.kind)}`);
  const where = `${rule.kind} rule`;
  if (!isText(rule.message)) fail(`${where} needs a { zh, en } message`);
  if (![undefined, 'error', 'warning'].includes(rule.severity)) fail(`${where} severity ${rule.severity}?`);
  if (rule.when !== undefined) checkCondition(rule.when, names, `${where} when`);
  // A rule reports on fields, so the paths it names are fields, not computed values.
  const fieldsOnly: Names = { ...names, computed: new Set() };
  const path = (p: unknown) => checkPath(p, fieldsOnly, where);
  switch (rule.kind) {
    case 'lte':
    case 'differs':
      return [path(rule.field), path(rule.other)];
    case 'sumEquals': {
      const group = checkGroup(rule.group, fieldsOnly, where);
      checkColumn(group, rule.column, where);
      return [group.key, path(rule.total)];
    }
    case 'assert':
      return [path(rule.field), ...checkCondition(rule.that, names, where)];
    case 'rowAssert': {
      const group = checkGroup(rule.group, fieldsOnly, where);
      checkColumn(group, rule.column, where);
      checkCondition(rule.that, rowNames(group, names), where);
      return [group.key];
    }
    default:
      return [path(rule.field)];
  }
}
